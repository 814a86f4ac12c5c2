import { Text } from '@mantine/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ClientStatus } from '../../../domain/clients/client-status';
import { formatBRL } from '../../../domain/money/money';
import type { ClientsByStatus } from '../../api/dashboards';
import { compactBRL, shortMonth } from './format';

/** Mantine's default palette (SVG fills take plain colours). */
export const COLORS = {
  teal: '#12b886',
  brand: '#2843a0',
  blue: '#228be6',
  yellow: '#fab005',
  orange: '#fd7e14',
  red: '#fa5252',
  gray: '#868e96',
  grape: '#be4bdb',
} as const;

/** The statuses the dashboards chart, in order. */
export const CHARTED_STATUSES: { status: ClientStatus; label: string; color: string }[] = [
  { status: 'ativo', label: 'Ativos', color: COLORS.teal },
  { status: 'aguardando_pagamento', label: 'Aguardando pagamento', color: COLORS.blue },
  { status: 'inadimplente', label: 'Inadimplentes', color: COLORS.orange },
  { status: 'bloqueado', label: 'Bloqueados', color: COLORS.red },
  { status: 'cancelado', label: 'Cancelados', color: COLORS.gray },
];

const brlTooltip = (value: unknown) => formatBRL(Number(value));

/** Clients by status, one horizontal bar each. */
export function ClientsByStatusChart({ counts }: { counts: ClientsByStatus }) {
  const data = CHARTED_STATUSES.map((s) => ({ name: s.label, value: counts[s.status], color: s.color }));
  return (
    <div
      data-testid="chart-clients-by-status"
      role="img"
      aria-label={`Clientes por situação: ${data.map((d) => `${d.name} ${d.value}`).join(', ')}`}
      style={{ width: '100%', height: 240 }}
    >
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={160} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => [Number(v).toLocaleString('pt-BR'), 'Clientes']} />
          <Bar
            dataKey="value"
            name="Clientes"
            isAnimationActive={false}
            label={{ position: 'right', fontSize: 12 }}
          >
            {data.map((d) => (
              <Cell key={d.name} fill={d.color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Repasse per month: paid (statements paid) and to receive (open or closed, not paid), stacked. */
export function RepasseByMonthChart({
  months,
}: {
  months: { month: string; paid_cents: number; to_receive_cents: number }[];
}) {
  const data = months.map((m) => ({
    name: shortMonth(m.month),
    pago: m.paid_cents,
    receber: m.to_receive_cents,
  }));
  const total = months.reduce((a, m) => a + m.paid_cents + m.to_receive_cents, 0);
  return (
    <div
      data-testid="chart-repasse-by-month"
      role="img"
      aria-label="Repasse por mês, últimos 12 meses: pago e a receber"
      style={{ width: '100%', height: 280 }}
    >
      {total === 0 ? (
        <Text size="sm" c="dimmed" ta="center" pt="xl">
          Nenhum repasse nos últimos 12 meses.
        </Text>
      ) : (
        <ResponsiveContainer>
          <BarChart data={data} margin={{ left: 8, right: 8, top: 8, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={(v) => compactBRL(Number(v))} width={90} tick={{ fontSize: 12 }} />
            <Tooltip formatter={brlTooltip} />
            <Legend />
            <Bar dataKey="pago" name="Pago" stackId="r" fill={COLORS.teal} isAnimationActive={false} />
            <Bar
              dataKey="receber"
              name="A receber"
              stackId="r"
              fill={COLORS.brand}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}

const AGING_COLORS: Record<string, string> = {
  a_vencer: COLORS.teal,
  '1_30': COLORS.yellow,
  '31_60': COLORS.orange,
  '60_mais': COLORS.red,
};

/** Receivables aging: open value per bucket (the count in the tooltip). */
export function AgingChart({
  buckets,
}: {
  buckets: { bucket: string; label: string; count: number; open_cents: number }[];
}) {
  const data = buckets.map((b) => ({ name: b.label, value: b.open_cents, count: b.count, bucket: b.bucket }));
  return (
    <div
      data-testid="chart-aging"
      role="img"
      aria-label={`Recebíveis em aberto por atraso: ${buckets.map((b) => `${b.label} ${formatBRL(b.open_cents)}`).join(', ')}`}
      style={{ width: '100%', height: 260 }}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ left: 8, right: 8, top: 8, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(v) => compactBRL(Number(v))} width={90} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(v, _n, item) => [
              `${formatBRL(Number(v))} (${(item?.payload as { count?: number } | undefined)?.count ?? 0} cobranças)`,
              'Em aberto',
            ]}
          />
          <Bar dataKey="value" name="Em aberto" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.bucket} fill={AGING_COLORS[d.bucket] ?? COLORS.gray} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
