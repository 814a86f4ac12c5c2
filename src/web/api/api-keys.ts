import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';

/** An API key of a Hiper software installation (the secret is never listed). */
export interface ApiKey {
  id: string;
  name: string;
  key_prefix: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  status: 'ativa' | 'revogada';
}

/** Only in the answer of the creation: the full key, shown once. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

const apiKeysKey = (clientId: string) => ['clients', clientId, 'api-keys'] as const;
const path = (clientId: string) => `/api/v1/clients/${encodeURIComponent(clientId)}/api-keys`;

export function useApiKeys(clientId: string) {
  return useQuery({
    queryKey: apiKeysKey(clientId),
    queryFn: ({ signal }) => apiRequest<{ items: ApiKey[] }>(path(clientId), { signal }),
    staleTime: 10_000,
  });
}

export function useCreateApiKey(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiRequest<CreatedApiKey>(path(clientId), { method: 'POST', body: { name } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeysKey(clientId) }),
  });
}

export function useRevokeApiKey(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) =>
      apiRequest<ApiKey>(`${path(clientId)}/${encodeURIComponent(keyId)}/revoke`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeysKey(clientId) }),
  });
}
