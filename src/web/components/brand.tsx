import { Group, Stack, Text } from '@mantine/core';

export function BrandMark({ size = 36 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="var(--mantine-color-brand-8)" />
      <path d="M41 22.5a13 13 0 1 0 0 19" fill="none" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <circle cx="45" cy="32" r="4" fill="#7ee0b5" />
    </svg>
  );
}

export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const large = size === 'lg';
  return (
    <Group gap={large ? 'sm' : 10} wrap="nowrap">
      <BrandMark size={large ? 44 : 34} />
      <Stack gap={0}>
        <Text fw={700} fz={large ? 'xl' : 'md'} lh={1.2} c="var(--mantine-color-text)">
          Central de Cobranças
        </Text>
        <Text fz={large ? 'sm' : 'xs'} c="dimmed" lh={1.2}>
          Portal do Hiperador
        </Text>
      </Stack>
    </Group>
  );
}
