import { Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One numbered block of the Geração de Contratos screen. */
export function SectionCard({
  step,
  title,
  description,
  actions,
  children,
  testId,
}: {
  step: number;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card component="section" aria-label={title} data-testid={testId}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 260px', minWidth: 0 }}>
          <ThemeIcon size={28} radius="xl" variant="light">
            <Text size="sm" fw={700}>
              {step}
            </Text>
          </ThemeIcon>
          <Stack gap={2}>
            <Title order={4} lh={1.5}>
              {title}
            </Title>
            {description ? (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            ) : null}
          </Stack>
        </Group>
        {actions ? <div style={{ flexShrink: 0 }}>{actions}</div> : null}
      </Group>
      {children}
    </Card>
  );
}

export const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;
