import { Group, Select, TextInput } from '@mantine/core';
import { IconSearch } from './icons';

interface ListFiltersProps {
  /** Placeholder and accessible name of the search box, e.g. "Buscar por nome ou CPF/CNPJ". */
  searchLabel: string;
  search: string;
  onSearchChange(value: string): void;
  statusOptions: { value: string; label: string }[];
  status: string | null;
  onStatusChange(value: string | null): void;
  statusWidth?: number;
}

/** The toolbar on top of a list: a search box and a "Situação" filter. */
export function ListFilters(props: ListFiltersProps) {
  return (
    <Group
      p="md"
      gap="sm"
      wrap="wrap"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <TextInput
        placeholder={props.searchLabel}
        aria-label={props.searchLabel}
        leftSection={<IconSearch size={16} />}
        value={props.search}
        onChange={(e) => props.onSearchChange(e.currentTarget.value)}
        style={{ flex: '1 1 280px' }}
        maxLength={100}
      />
      <Select
        placeholder="Todas as situações"
        aria-label="Situação"
        data={props.statusOptions}
        value={props.status}
        onChange={props.onStatusChange}
        clearable
        w={{ base: '100%', xs: props.statusWidth ?? 240 }}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}
