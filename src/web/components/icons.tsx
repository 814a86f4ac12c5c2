import type { SVGProps } from 'react';

/** Small stroke icons (Tabler-style, drawn inline so the portal needs no icon package or CDN). */
export interface IconProps extends Omit<SVGProps<SVGSVGElement>, 'children'> {
  size?: number | string;
}

function SvgIcon({ paths, size = 18, strokeWidth = 1.8, ...props }: IconProps & { paths: string[] }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

const USERS_PATHS = [
  'M9 7m-4 0a4 4 0 1 0 8 0a4 4 0 1 0 -8 0',
  'M3 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2',
  'M16 3.13a4 4 0 0 1 0 7.75',
  'M21 21v-2a4 4 0 0 0 -3 -3.85',
];
export function IconUsers(props: IconProps) {
  return <SvgIcon paths={USERS_PATHS} {...props} />;
}
const FILE_TEXT_PATHS = [
  'M14 3v4a1 1 0 0 0 1 1h4',
  'M17 21h-10a2 2 0 0 1 -2 -2v-14a2 2 0 0 1 2 -2h7l5 5v11a2 2 0 0 1 -2 2z',
  'M9 9l1 0',
  'M9 13l6 0',
  'M9 17l6 0',
];
export function IconFileText(props: IconProps) {
  return <SvgIcon paths={FILE_TEXT_PATHS} {...props} />;
}
const WALLET_PATHS = [
  'M17 8v-3a1 1 0 0 0 -1 -1h-10a2 2 0 0 0 0 4h12a1 1 0 0 1 1 1v3m0 4v3a1 1 0 0 1 -1 1h-12a2 2 0 0 1 -2 -2v-12',
  'M20 12v4h-4a2 2 0 0 1 0 -4h4',
];
export function IconWallet(props: IconProps) {
  return <SvgIcon paths={WALLET_PATHS} {...props} />;
}
const BOX_PATHS = [
  'M12 3l8 4.5l0 9l-8 4.5l-8 -4.5l0 -9l8 -4.5',
  'M12 12l8 -4.5',
  'M12 12l0 9',
  'M12 12l-8 -4.5',
];
export function IconBox(props: IconProps) {
  return <SvgIcon paths={BOX_PATHS} {...props} />;
}
const BUILDING_STORE_PATHS = [
  'M3 21l18 0',
  'M3 7v1a3 3 0 0 0 6 0v-1m0 1a3 3 0 0 0 6 0v-1m0 1a3 3 0 0 0 6 0v-1h-18l2 -4h14l2 4',
  'M5 21l0 -10.15',
  'M19 21l0 -10.15',
  'M9 21v-4a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v4',
];
export function IconBuildingStore(props: IconProps) {
  return <SvgIcon paths={BUILDING_STORE_PATHS} {...props} />;
}
const USER_CIRCLE_PATHS = [
  'M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0 -18 0',
  'M12 10m-3 0a3 3 0 1 0 6 0a3 3 0 1 0 -6 0',
  'M6.168 18.849a4 4 0 0 1 3.832 -2.849h4a4 4 0 0 1 3.834 2.855',
];
export function IconUserCircle(props: IconProps) {
  return <SvgIcon paths={USER_CIRCLE_PATHS} {...props} />;
}
const LOGOUT_PATHS = [
  'M14 8v-2a2 2 0 0 0 -2 -2h-7a2 2 0 0 0 -2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2 -2v-2',
  'M9 12h12l-3 -3',
  'M18 15l3 -3',
];
export function IconLogout(props: IconProps) {
  return <SvgIcon paths={LOGOUT_PATHS} {...props} />;
}
const SEARCH_PATHS = ['M10 10m-7 0a7 7 0 1 0 14 0a7 7 0 1 0 -14 0', 'M21 21l-6 -6'];
export function IconSearch(props: IconProps) {
  return <SvgIcon paths={SEARCH_PATHS} {...props} />;
}
const ALERT_CIRCLE_PATHS = ['M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0 -18 0', 'M12 8v4', 'M12 16h.01'];
export function IconAlertCircle(props: IconProps) {
  return <SvgIcon paths={ALERT_CIRCLE_PATHS} {...props} />;
}
const LOCK_PATHS = [
  'M5 13a2 2 0 0 1 2 -2h10a2 2 0 0 1 2 2v6a2 2 0 0 1 -2 2h-10a2 2 0 0 1 -2 -2v-6z',
  'M11 16a1 1 0 1 0 2 0a1 1 0 0 0 -2 0',
  'M8 11v-4a4 4 0 1 1 8 0v4',
];
export function IconLock(props: IconProps) {
  return <SvgIcon paths={LOCK_PATHS} {...props} />;
}
const CHEVRON_DOWN_PATHS = ['M6 9l6 6l6 -6'];
export function IconChevronDown(props: IconProps) {
  return <SvgIcon paths={CHEVRON_DOWN_PATHS} {...props} />;
}
const CHEVRON_RIGHT_PATHS = ['M9 6l6 6l-6 6'];
export function IconChevronRight(props: IconProps) {
  return <SvgIcon paths={CHEVRON_RIGHT_PATHS} {...props} />;
}
const ARROW_LEFT_PATHS = ['M5 12l14 0', 'M5 12l6 6', 'M5 12l6 -6'];
export function IconArrowLeft(props: IconProps) {
  return <SvgIcon paths={ARROW_LEFT_PATHS} {...props} />;
}
const REFRESH_PATHS = ['M20 11a8.1 8.1 0 0 0 -15.5 -2m-.5 -4v4h4', 'M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4'];
export function IconRefresh(props: IconProps) {
  return <SvgIcon paths={REFRESH_PATHS} {...props} />;
}
const MAP_PIN_PATHS = [
  'M9 11a3 3 0 1 0 6 0a3 3 0 0 0 -6 0',
  'M17.657 16.657l-4.243 4.243a2 2 0 0 1 -2.827 0l-4.244 -4.243a8 8 0 1 1 11.314 0z',
];
export function IconMapPin(props: IconProps) {
  return <SvgIcon paths={MAP_PIN_PATHS} {...props} />;
}
const CALENDAR_PATHS = [
  'M4 7a2 2 0 0 1 2 -2h12a2 2 0 0 1 2 2v12a2 2 0 0 1 -2 2h-12a2 2 0 0 1 -2 -2v-12z',
  'M16 3v4',
  'M8 3v4',
  'M4 11h16',
];
export function IconCalendar(props: IconProps) {
  return <SvgIcon paths={CALENDAR_PATHS} {...props} />;
}
const CASH_PATHS = [
  'M7 9m0 2a2 2 0 0 1 2 -2h10a2 2 0 0 1 2 2v6a2 2 0 0 1 -2 2h-10a2 2 0 0 1 -2 -2z',
  'M14 14m-2 0a2 2 0 1 0 4 0a2 2 0 1 0 -4 0',
  'M17 9v-2a2 2 0 0 0 -2 -2h-10a2 2 0 0 0 -2 2v6a2 2 0 0 0 2 2h2',
];
export function IconCash(props: IconProps) {
  return <SvgIcon paths={CASH_PATHS} {...props} />;
}
const CHECK_PATHS = ['M5 12l5 5l10 -10'];
export function IconCheck(props: IconProps) {
  return <SvgIcon paths={CHECK_PATHS} {...props} />;
}
const COMPASS_PATHS = ['M8 16l2 -6l6 -2l-2 6l-6 2', 'M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0 -18 0'];
export function IconCompass(props: IconProps) {
  return <SvgIcon paths={COMPASS_PATHS} {...props} />;
}
const SIGNATURE_PATHS = [
  'M3 17c3.333 -3.333 5 -6 5 -8c0 -3 -1 -3 -2 -3s-2.032 1.085 -2 3c.034 2.048 1.658 4.877 2.5 6c1.5 2 2.5 2.5 3.5 1l2 -3c.333 2.667 1.333 4 3 4c.53 0 2.639 -2 3 -2c.517 0 1.517 .667 3 2',
];
export function IconSignature(props: IconProps) {
  return <SvgIcon paths={SIGNATURE_PATHS} {...props} />;
}
const MAIL_PATHS = [
  'M3 7a2 2 0 0 1 2 -2h14a2 2 0 0 1 2 2v10a2 2 0 0 1 -2 2h-14a2 2 0 0 1 -2 -2v-10z',
  'M3 7l9 6l9 -6',
];
export function IconMail(props: IconProps) {
  return <SvgIcon paths={MAIL_PATHS} {...props} />;
}

export function IconChartBar(props: IconProps) {
  return (
    <SvgIcon
      {...props}
      paths={[
        'M3 13a1 1 0 0 1 1 -1h4a1 1 0 0 1 1 1v6a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1z',
        'M15 9a1 1 0 0 1 1 -1h4a1 1 0 0 1 1 1v10a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1z',
        'M9 5a1 1 0 0 1 1 -1h4a1 1 0 0 1 1 1v14a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1z',
        'M4 20h14',
      ]}
    />
  );
}

export function IconReceipt(props: IconProps) {
  return (
    <SvgIcon
      {...props}
      paths={[
        'M5 21v-16a2 2 0 0 1 2 -2h10a2 2 0 0 1 2 2v16l-3 -2l-2 2l-2 -2l-2 2l-2 -2l-3 2',
        'M14 8h-2.5a1.5 1.5 0 0 0 0 3h1a1.5 1.5 0 0 1 0 3h-2.5m2 0v1.5m0 -9v1.5',
      ]}
    />
  );
}
