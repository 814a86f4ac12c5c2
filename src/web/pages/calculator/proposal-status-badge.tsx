import { Badge, type BadgeProps } from '@mantine/core';
import type { ProposalStatus } from '../../api/proposals';
import { PROPOSAL_STATUS_COLORS, PROPOSAL_STATUS_LABELS } from './labels';

export function ProposalStatusBadge({
  status,
  ...props
}: { status: ProposalStatus } & Omit<BadgeProps, 'color' | 'children'>) {
  return (
    <Badge
      variant="light"
      radius="sm"
      tt="none"
      fw={600}
      color={PROPOSAL_STATUS_COLORS[status]}
      styles={{
        root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' },
        label: { overflow: 'visible' },
      }}
      {...props}
    >
      {PROPOSAL_STATUS_LABELS[status]}
    </Badge>
  );
}
