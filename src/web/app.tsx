import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ApiError, onUnauthorized, setCsrfToken } from './api/client';
import { ME_KEY } from './api/session';
import { AppLayout } from './components/app-layout';
import { RequireAuth, RequireStaff } from './components/guards';
import { AccountPage } from './pages/account-page';
import { BillingRunsPage } from './pages/billing/billing-runs-page';
import { NewContractPage, ProposalPage } from './pages/calculator/contract-builder-page';
import { ProductChoicePage } from './pages/calculator/product-choice-page';
import { CardPage } from './pages/card/card-page';
import { CatalogPage } from './pages/catalog-page';
import { ClientDetailPage } from './pages/client-detail-page';
import { ClientsPage } from './pages/clients-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
import { EmailTemplatesPage } from './pages/email-templates-page';
import { ImportPage } from './pages/import-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { OutboxPage } from './pages/outbox-page';
import { PaymentPage } from './pages/payment/payment-page';
import { RepassePage } from './pages/repasse/repasse-page';
import { ResellersPage } from './pages/resellers-page';
import { ContractsPage, FinancePage } from './pages/section-pages';
import { SigningPage } from './pages/signing/signing-page';
import { VerifyPage } from './pages/verify-page';
import { theme } from './theme';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Client errors (401, 403, 404…) will not change by asking again.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

/** Any 401 means the session is gone: forget it and go to the login page, remembering where we were. */
function SessionExpiryWatcher() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        queryClient.clear();
        queryClient.setQueryData(ME_KEY, null);
        if (location.pathname !== '/entrar') {
          const from = `${location.pathname}${location.search}`;
          navigate(`/entrar?voltar=${encodeURIComponent(from)}`, { replace: true });
        }
      }),
    [queryClient, navigate, location],
  );
  return null;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/entrar" element={<LoginPage />} />
      {/* Public: the responsável signs with the personal link from the e-mail (no portal session). */}
      <Route path="/assinar/:token" element={<SigningPage />} />
      {/* Public: anyone checks a signed contract (PDF or SHA-256). */}
      <Route path="/verificar" element={<VerifyPage />} />
      {/* Public: the client registers its credit card with the e-mailed link. */}
      <Route path="/cartao/:token" element={<CardPage />} />
      {/* Public: the client's payment page (signed link from the charge e-mail). */}
      <Route path="/pagar/:token" element={<PaymentPage />} />
      <Route element={<RequireAuth>{(user) => <AppLayout user={user} />}</RequireAuth>}>
        <Route index element={<Navigate to="/painel" replace />} />
        <Route path="/painel" element={<DashboardPage />} />
        <Route path="/repasse" element={<RepassePage />} />
        <Route path="/clientes" element={<ClientsPage />} />
        <Route path="/clientes/escolha-o-produto" element={<ProductChoicePage />} />
        <Route
          path="/clientes/importar"
          element={
            <RequireStaff>
              <ImportPage />
            </RequireStaff>
          }
        />
        <Route path="/clientes/:id" element={<ClientDetailPage />} />
        <Route path="/contratos" element={<ContractsPage />} />
        <Route path="/contratos/novo" element={<NewContractPage />} />
        <Route path="/propostas/:id" element={<ProposalPage />} />
        <Route path="/financeiro" element={<FinancePage />} />
        <Route
          path="/catalogo"
          element={
            <RequireStaff>
              <CatalogPage />
            </RequireStaff>
          }
        />
        <Route
          path="/hiperadores"
          element={
            <RequireStaff>
              <ResellersPage />
            </RequireStaff>
          }
        />
        <Route
          path="/execucoes-de-cobranca"
          element={
            <RequireStaff>
              <BillingRunsPage />
            </RequireStaff>
          }
        />
        <Route
          path="/modelos-de-email"
          element={
            <RequireStaff>
              <EmailTemplatesPage />
            </RequireStaff>
          }
        />
        <Route
          path="/caixa-de-saida"
          element={
            <RequireStaff>
              <OutboxPage />
            </RequireStaff>
          }
        />
        <Route
          path="/minha-conta"
          element={<RequireAuth>{(user) => <AccountPage user={user} />}</RequireAuth>}
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <SessionExpiryWatcher />
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
