import { Box, Container, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { BrandMark } from './brand';

/** The frame of the pages a client opens from an e-mail (no portal session): brand bar + content. */
export function PublicShell({
  subtitle,
  size = 'sm',
  children,
}: {
  subtitle: string;
  size?: string;
  children: ReactNode;
}) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Box component="header" bg="var(--mantine-color-brand-8)" py="sm">
        <Container size={size}>
          <Group gap="sm" wrap="nowrap">
            <BrandMark size={32} />
            <Stack gap={0}>
              <Text fw={700} c="white" lh={1.2}>
                Central de Cobranças
              </Text>
              <Text fz="xs" c="rgba(255,255,255,0.8)" lh={1.2}>
                {subtitle}
              </Text>
            </Stack>
          </Group>
        </Container>
      </Box>
      <Container size={size} py="md" px="sm">
        {children}
      </Container>
    </Box>
  );
}
