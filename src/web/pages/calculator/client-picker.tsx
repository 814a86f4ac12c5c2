import { Button, Group, Select, Text } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { formatDocument } from '../../../domain/documents/cpf-cnpj';
import { useClients } from '../../api/clients';
import type { ClientSummary } from '../../api/types';
import { NewClientModal } from './new-client-modal';

export interface PickedClient {
  id: string;
  legal_name: string;
  trade_name: string | null;
  document: string;
}

export function clientLabel(c: PickedClient): string {
  return `${c.trade_name ?? c.legal_name} — ${formatDocument(c.document)}`;
}

/** A searchable select over the caller's clients (server-side search) plus "Cadastrar novo cliente". */
export function ClientPicker({
  value,
  onChange,
  error,
  allowCreate = true,
}: {
  value: PickedClient | null;
  onChange: (client: PickedClient | null) => void;
  error?: string | null;
  /** Offer "Cadastrar novo cliente" beside the select (the calculator does; a new charge does not). */
  allowCreate?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [modalOpened, modal] = useDisclosure(false);
  const typing = value === null || debounced !== clientLabel(value) ? debounced : '';
  const clients = useClients({ q: typing, status: null, page: 1, pageSize: 20 });

  const options = useMemo(() => {
    const items: PickedClient[] = [...(clients.data?.items ?? [])];
    if (value && !items.some((c) => c.id === value.id)) items.unshift(value);
    return items;
  }, [clients.data, value]);

  const byId = new Map(options.map((c) => [c.id, c]));

  return (
    <>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Cliente"
          placeholder="Busque pelo nome ou CPF/CNPJ"
          searchable
          clearable
          data={options.map((c) => ({ value: c.id, label: clientLabel(c) }))}
          value={value?.id ?? null}
          onChange={(id) => onChange(id ? (byId.get(id) ?? null) : null)}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options: o }) => o}
          nothingFoundMessage={clients.isFetching ? 'Buscando…' : 'Nenhum cliente encontrado'}
          error={error}
          style={{ flex: '1 1 320px' }}
          comboboxProps={{ withinPortal: true }}
          maxDropdownHeight={280}
        />
        {allowCreate ? (
          <Button variant="light" onClick={modal.open}>
            Cadastrar novo cliente
          </Button>
        ) : null}
      </Group>
      <NewClientModal
        opened={modalOpened}
        onClose={modal.close}
        onCreated={(client: ClientSummary) => onChange(client)}
      />
    </>
  );
}

export function ClientLine({ client }: { client: PickedClient }) {
  return (
    <div>
      <Text fw={600}>{client.trade_name ?? client.legal_name}</Text>
      <Text size="sm" c="dimmed">
        {client.trade_name ? `${client.legal_name} · ` : ''}
        {formatDocument(client.document)}
      </Text>
    </div>
  );
}
