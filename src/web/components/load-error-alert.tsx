import { Alert, Button, Group, Text } from '@mantine/core';
import { errorMessage } from '../api/client';
import { IconAlertCircle, IconRefresh } from './icons';

interface LoadErrorAlertProps {
  error: unknown;
  onRetry?: () => void;
  title?: string;
  retrying?: boolean;
}

export function LoadErrorAlert({
  error,
  onRetry,
  title = 'Não foi possível carregar',
  retrying,
}: LoadErrorAlertProps) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle size={20} />} role="alert">
      <Group justify="space-between" align="center" gap="md">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button
            size="xs"
            variant="white"
            color="red"
            leftSection={<IconRefresh size={14} />}
            onClick={onRetry}
            loading={retrying}
          >
            Tentar novamente
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
