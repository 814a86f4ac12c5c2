import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { formatBRL } from '../../../domain/money/money';
import { type AppItem, appsFor, type PriceBookSnapshot } from '../../../domain/pricing/catalog';
import { isProductCode, PRODUCT_NAMES } from '../../../domain/pricing/products';
import { IconBox } from '../../components/icons';
import { SectionCard, tabular } from './section-card';

function AppPrice({ app }: { app: AppItem }) {
  return app.originalCents === 0 ? (
    <Badge variant="light" color="teal" radius="sm" tt="none">
      Bonificado
    </Badge>
  ) : (
    <Text size="sm" fw={500} style={tabular}>
      {formatBRL(app.originalCents)}/mês
    </Text>
  );
}

/** Every app the plan can have, with its price and a checkbox; Concluir applies the ticks. */
export function AppsDialog({
  opened,
  onClose,
  apps,
  selected,
  onApply,
  productName,
}: {
  opened: boolean;
  onClose: () => void;
  apps: AppItem[];
  selected: readonly string[];
  onApply: (codes: string[]) => void;
  productName: string;
}) {
  const [ticked, setTicked] = useState<Set<string>>(new Set(selected));
  const [wasOpened, setWasOpened] = useState(false);
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (opened) setTicked(new Set(selected));
  }
  const toggle = (code: string) =>
    setTicked((s) => {
      const next = new Set(s);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  return (
    <Modal opened={opened} onClose={onClose} title="Adicionar aplicativos" size="lg" centered>
      <Text size="sm" c="dimmed" mb="sm">
        Aplicativos disponíveis no {productName}. Marque os que o cliente vai contratar e clique em Concluir.
      </Text>
      <ScrollArea.Autosize mah="60vh">
        <Stack gap={6}>
          {apps.map((app) => (
            <UnstyledButton
              key={app.code}
              onClick={() => toggle(app.code)}
              p="sm"
              style={{
                border: `1px solid ${ticked.has(app.code) ? 'var(--mantine-color-brand-5)' : 'var(--mantine-color-default-border)'}`,
                background: ticked.has(app.code) ? 'var(--mantine-color-brand-0)' : undefined,
                borderRadius: 8,
              }}
            >
              <Group justify="space-between" wrap="nowrap">
                <Checkbox
                  label={app.name}
                  checked={ticked.has(app.code)}
                  onChange={() => toggle(app.code)}
                  onClick={(e) => e.stopPropagation()}
                  styles={{ label: { fontWeight: 500 } }}
                />
                <AppPrice app={app} />
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Group justify="space-between" mt="md">
        <Text size="sm" c="dimmed">
          {ticked.size} selecionado{ticked.size === 1 ? '' : 's'}
        </Text>
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button
            onClick={() => {
              onApply(apps.filter((a) => ticked.has(a.code)).map((a) => a.code));
              onClose();
            }}
          >
            Concluir
          </Button>
        </Group>
      </Group>
    </Modal>
  );
}

export function AppsSection({
  book,
  product,
  selected,
  onChange,
  readOnly,
}: {
  book: PriceBookSnapshot;
  product: string;
  selected: readonly string[];
  onChange: (codes: string[]) => void;
  readOnly: boolean;
}) {
  const [opened, setOpened] = useState(false);
  const available = isProductCode(product) ? appsFor(book, product) : [];
  const chosen = selected
    .map((code) => book.apps.find((a) => a.code === code))
    .filter((a): a is AppItem => a !== undefined);
  const total = chosen.reduce((sum, a) => sum + a.originalCents, 0);

  return (
    <SectionCard
      step={3}
      title="Aplicativos"
      description="Módulos contratados além do plano."
      testId="apps-section"
      actions={
        <Button variant="light" onClick={() => setOpened(true)} disabled={readOnly}>
          Adicionar aplicativos
        </Button>
      }
    >
      {chosen.length === 0 ? (
        <Group
          gap="sm"
          p="md"
          style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 8 }}
        >
          <IconBox size={20} color="var(--mantine-color-dimmed)" />
          <Text size="sm" c="dimmed">
            Nenhum aplicativo escolhido. Clique em Adicionar aplicativos para ver a lista com os preços.
          </Text>
        </Group>
      ) : (
        <Stack gap={6}>
          {chosen.map((app) => (
            <Group
              key={app.code}
              justify="space-between"
              p="xs"
              pl="sm"
              style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
              data-testid="chosen-app"
            >
              <Text size="sm" fw={500}>
                {app.name}
              </Text>
              <Group gap="sm">
                <AppPrice app={app} />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remover ${app.name}`}
                  onClick={() => onChange(selected.filter((c) => c !== app.code))}
                  disabled={readOnly}
                >
                  <span aria-hidden="true" style={{ fontSize: 18, lineHeight: 1 }}>
                    ×
                  </span>
                </ActionIcon>
              </Group>
            </Group>
          ))}
          <Group justify="flex-end" pr="sm">
            <Text size="sm" c="dimmed">
              Aplicativos:{' '}
              <Text span fw={600} c="var(--mantine-color-text)" inherit style={tabular}>
                {formatBRL(total)}/mês
              </Text>
            </Text>
          </Group>
        </Stack>
      )}
      <AppsDialog
        opened={opened}
        onClose={() => setOpened(false)}
        apps={available}
        selected={selected}
        onApply={onChange}
        productName={isProductCode(product) ? PRODUCT_NAMES[product] : product}
      />
    </SectionCard>
  );
}
