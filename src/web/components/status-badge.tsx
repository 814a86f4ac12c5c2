import { Badge, type BadgeProps } from '@mantine/core';
import type { ClientStatus } from '../api/types';
import { CLIENT_STATUS_COLORS, CLIENT_STATUS_LABELS } from './client-labels';

interface StatusBadgeProps extends Omit<BadgeProps, 'color' | 'children'> {
  status: ClientStatus;
}

export function StatusBadge({ status, ...props }: StatusBadgeProps) {
  return (
    <Badge
      variant="light"
      radius="sm"
      tt="none"
      fw={600}
      color={CLIENT_STATUS_COLORS[status]}
      styles={{
        root: { flexShrink: 0, maxWidth: 'none', overflow: 'visible' },
        label: { overflow: 'visible' },
      }}
      {...props}
    >
      {CLIENT_STATUS_LABELS[status]}
    </Badge>
  );
}
