import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label and its value on one line, as the details drawers show them. */
export function Field({
  label,
  children,
  labelWidth = 110,
}: {
  label: string;
  children: ReactNode;
  labelWidth?: number;
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={labelWidth} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </Group>
  );
}
