import { EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyPanelProps {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  children?: ReactNode;
  /** Without the bordered paper around it (when it is already inside a card). */
  bare?: boolean;
}

/** A tidy "nothing here yet" block: icon, title, explanation and optional actions. */
export function EmptyPanel({ icon, title, description, children, bare }: EmptyPanelProps) {
  const content = (
    <EmptyState icon={icon} title={title} description={description} color="brand" variant="light" py="xl">
      {children ? <EmptyState.Actions>{children}</EmptyState.Actions> : null}
    </EmptyState>
  );
  if (bare) return content;
  return (
    <Paper withBorder p="xl">
      {content}
    </Paper>
  );
}
