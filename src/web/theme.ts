import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A deep indigo-blue, the portal's brand colour. */
const brand: MantineColorsTuple = [
  '#eef1fb',
  '#dae0f3',
  '#b1bee8',
  '#869add',
  '#627bd3',
  '#4b68cd',
  '#3e5ecb',
  '#304eb4',
  '#2843a0',
  '#1c388e',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 8, dark: 6 },
  colors: { brand },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
  },
});
