import { Anchor, Button, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { businessDateAt } from '../../domain/calendar/dates';
import { ApiError, errorMessage } from '../api/client';
import { type ContractKind, useContractKinds, useIssueContract } from '../api/contracts';
import type { Proposal } from '../api/proposals';
import { IconSignature } from '../components/icons';

/** On a proposal that is pronta para contrato: "Emitir contrato" (with the kind, when more than one applies). */
export function IssueContractPanel({ proposal }: { proposal: Proposal }) {
  const kinds = useContractKinds(proposal.client.id);
  const issue = useIssueContract(proposal.id);
  const [kind, setKind] = useState<ContractKind | null>(null);
  const [missingResponsible, setMissingResponsible] = useState(false);
  const options = kinds.data?.items ?? [];
  const chosen = kind ?? options[0]?.kind ?? null;
  const expired = proposal.valid_until < businessDateAt(new Date());

  const emit = () =>
    issue.mutate(chosen ? { kind: chosen } : {}, {
      onSuccess: (c) => {
        setMissingResponsible(false);
        notifications.show({
          color: 'teal',
          title: 'Contrato emitido',
          message: `Contrato nº ${c.number} (versão ${c.version}, ${c.kind_label}) enviado para assinatura do responsável.${c.replaced ? ` A versão ${c.replaced.version} foi cancelada.` : ''}`,
        });
      },
      onError: (err) => {
        setMissingResponsible(err instanceof ApiError && (err.field ?? '').startsWith('responsible_'));
        notifications.show({
          color: 'red',
          title: 'Não foi possível emitir o contrato',
          message: errorMessage(err),
        });
      },
    });

  return (
    <Stack gap="xs">
      {options.length > 1 ? (
        <Select
          label="Tipo de contrato"
          data={options.map((o) => ({ value: o.kind, label: o.label }))}
          value={chosen}
          onChange={(v) => setKind(v as ContractKind | null)}
          allowDeselect={false}
        />
      ) : null}
      <Button
        fullWidth
        leftSection={<IconSignature size={16} />}
        onClick={emit}
        loading={issue.isPending}
        disabled={expired || kinds.isPending}
      >
        Emitir contrato
      </Button>
      {options.length === 1 ? (
        <Text size="xs" c="dimmed" ta="center">
          {options[0]!.label}: o responsável recebe o contrato por e-mail para assinar.
        </Text>
      ) : null}
      {missingResponsible ? (
        <Text size="xs" c="orange.8" ta="center">
          <Anchor component={RouterLink} to={`/clientes/${proposal.client.id}`} size="xs">
            Abra o cliente
          </Anchor>{' '}
          e preencha o responsável pela assinatura em Dados &gt; Editar dados.
        </Text>
      ) : null}
    </Stack>
  );
}
