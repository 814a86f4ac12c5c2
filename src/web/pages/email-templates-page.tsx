import {
  Alert,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, apiRequest, errorMessage } from '../api/client';
import { formatDateTimeBR } from '../components/date-time';
import { IconAlertCircle } from '../components/icons';
import { LoadErrorAlert } from '../components/load-error-alert';

// ---- API (GET/PUT /api/v1/email-templates, …/restore, …/preview). ----

export interface EmailTemplate {
  key: string;
  name: string;
  description: string;
  subject: string;
  body: string;
  customized: boolean;
  defaults: { subject: string; body: string };
  updated_by_email: string | null;
  updated_at: string | null;
}

interface TemplateList {
  items: EmailTemplate[];
  placeholders: { name: string; label: string }[];
}

interface Preview {
  subject: string;
  html: string;
  text: string;
}

const KEY = ['email-templates'] as const;

function useEmailTemplates() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiRequest<TemplateList>('/api/v1/email-templates', { signal }),
  });
}

function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; subject: string; body: string }) =>
      apiRequest<EmailTemplate>(`/api/v1/email-templates/${encodeURIComponent(input.key)}`, {
        method: 'PUT',
        body: { subject: input.subject, body: input.body },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

function useRestoreTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) =>
      apiRequest<EmailTemplate>(`/api/v1/email-templates/${encodeURIComponent(key)}/restore`, {
        method: 'POST',
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/** The live preview: the text being typed, with sample data (debounced). */
function usePreview(key: string, subject: string, body: string) {
  const [debounced] = useDebouncedValue({ subject, body }, 400);
  return useQuery({
    queryKey: [...KEY, 'preview', key, debounced.subject, debounced.body],
    queryFn: ({ signal }) =>
      apiRequest<Preview>(`/api/v1/email-templates/${encodeURIComponent(key)}/preview`, {
        method: 'POST',
        body: debounced,
        signal,
      }),
    retry: false,
    placeholderData: (previous) => previous,
  });
}

// ---- Page. ----

/** Modelos de e-mail (admin and financeiro): the billing e-mails' subject and text, with a live preview. */
export function EmailTemplatesPage() {
  const list = useEmailTemplates();
  const [selected, setSelected] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const current = items.find((t) => t.key === selected) ?? items[0];

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>Modelos de e-mail</Title>
        <Text c="dimmed" size="sm">
          O assunto e o texto dos e-mails de cobrança enviados aos clientes. O próximo e-mail de cada tipo já
          usa o texto gravado.
        </Text>
      </Stack>
      {list.isError ? (
        <LoadErrorAlert
          error={list.error}
          onRetry={() => void list.refetch()}
          title="Não foi possível carregar os modelos"
        />
      ) : !list.data || !current ? (
        <Skeleton height={420} />
      ) : (
        <Tabs
          value={current.key}
          onChange={(value) => setSelected(value)}
          orientation="vertical"
          keepMounted={false}
          variant="pills"
        >
          <Tabs.List miw={240}>
            {items.map((t) => (
              <Tabs.Tab key={t.key} value={t.key} data-testid={`template-tab-${t.key}`}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{t.name}</Text>
                  {t.customized ? (
                    <Badge size="xs" variant="light" color="grape">
                      editado
                    </Badge>
                  ) : null}
                </Group>
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {items.map((t) => (
            <Tabs.Panel key={t.key} value={t.key} pl="lg">
              <TemplateEditor template={t} placeholders={list.data.placeholders} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </Stack>
  );
}

function TemplateEditor({
  template,
  placeholders,
}: {
  template: EmailTemplate;
  placeholders: TemplateList['placeholders'];
}) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  // A save or a restore elsewhere brings the stored text back into the form.
  useEffect(() => {
    setSubject(template.subject);
    setBody(template.body);
  }, [template.subject, template.body]);
  const save = useSaveTemplate();
  const restore = useRestoreTemplate();
  const preview = usePreview(template.key, subject, body);
  const dirty = subject !== template.subject || body !== template.body;
  const previewError = preview.error instanceof ApiError ? preview.error : null;
  const fieldError = (field: 'subject' | 'body') =>
    previewError && previewError.field === field ? previewError.message : undefined;

  const onSave = () =>
    save.mutate(
      { key: template.key, subject, body },
      {
        onSuccess: () =>
          notifications.show({ color: 'teal', title: 'Modelo gravado', message: template.name }),
        onError: (err) =>
          notifications.show({ color: 'red', title: 'Não foi possível gravar', message: errorMessage(err) }),
      },
    );
  const [confirming, confirm] = useDisclosure(false);
  const onRestore = () =>
    restore.mutate(template.key, {
      onSuccess: () => {
        confirm.close();
        notifications.show({ color: 'teal', title: 'Texto padrão restaurado', message: template.name });
      },
      onError: (err) =>
        notifications.show({ color: 'red', title: 'Não foi possível restaurar', message: errorMessage(err) }),
    });

  return (
    <Grid gap="lg">
      <Modal opened={confirming} onClose={confirm.close} title="Voltar ao texto padrão?">
        <Stack gap="md">
          <Text size="sm">
            O texto editado de "{template.name}" será descartado e o padrão volta a ser usado.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancelar
            </Button>
            <Button color="red" onClick={onRestore} loading={restore.isPending}>
              Voltar ao padrão
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {template.description}
          </Text>
          {template.customized && template.updated_at ? (
            <Text size="xs" c="dimmed">
              Editado por {template.updated_by_email ?? 'usuário removido'} em{' '}
              {formatDateTimeBR(template.updated_at)}.
            </Text>
          ) : null}
          <TextInput
            label="Assunto"
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={fieldError('subject')}
            data-testid="template-subject"
          />
          <Textarea
            label="Texto"
            description="Separe os parágrafos com uma linha em branco."
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={8}
            error={fieldError('body')}
            data-testid="template-body"
          />
          <Paper withBorder p="sm" bg="gray.0">
            <Text size="xs" fw={700} mb={4}>
              Marcadores
            </Text>
            <Stack gap={2}>
              {placeholders.map((p) => (
                <Text size="xs" key={p.name}>
                  <Code>{`{{${p.name}}}`}</Code> {p.label}
                </Text>
              ))}
            </Stack>
          </Paper>
          <Group>
            <Button onClick={onSave} loading={save.isPending} disabled={!dirty || previewError !== null}>
              Gravar
            </Button>
            {dirty ? (
              <Button
                variant="default"
                onClick={() => {
                  setSubject(template.subject);
                  setBody(template.body);
                }}
              >
                Descartar alterações
              </Button>
            ) : null}
            <Tooltip label="Este modelo já usa o texto padrão" disabled={template.customized}>
              <Button variant="subtle" color="red" onClick={confirm.open} disabled={!template.customized}>
                Voltar ao texto padrão
              </Button>
            </Tooltip>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack gap="xs">
          <Text size="sm" fw={700}>
            Prévia (dados de exemplo)
          </Text>
          {previewError && previewError.status !== 400 ? (
            <LoadErrorAlert error={previewError} onRetry={() => void preview.refetch()} title="Sem prévia" />
          ) : previewError && previewError.field !== 'subject' && previewError.field !== 'body' ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />}>
              {previewError.message}
            </Alert>
          ) : null}
          {preview.data ? (
            <>
              <Text size="sm" data-testid="template-preview-subject">
                <b>Assunto:</b> {preview.data.subject}
              </Text>
              {/* The e-mail's own HTML, isolated: no scripts, no same-origin access, no navigation. */}
              <iframe
                title="Prévia do e-mail"
                srcDoc={preview.data.html}
                sandbox=""
                referrerPolicy="no-referrer"
                data-testid="template-preview-html"
                style={{
                  width: '100%',
                  height: '70vh',
                  minHeight: 420,
                  border: '1px solid var(--mantine-color-default-border)',
                  borderRadius: 'var(--mantine-radius-md)',
                  background: '#fff',
                  opacity: preview.isFetching ? 0.6 : 1,
                }}
              />
            </>
          ) : (
            <Skeleton height={420} />
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
