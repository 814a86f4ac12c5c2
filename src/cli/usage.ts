import { BILLING_USAGE } from './commands/billing-commands';
import { BILLING_RUN_USAGE } from './commands/billing-run-commands';
import { BOLETO_USAGE } from './commands/boleto-commands';
import { CNAB_USAGE } from './commands/cnab-commands';
import { OFX_USAGE } from './commands/ofx-commands';
import { PIX_USAGE } from './commands/pix-commands';

/** The text of `help`, in Portuguese. */
export const USAGE = `Central de Cobranças — linha de comando de administração

Uso:
  npm run --silent cli -- <comando> [opções]

Comandos:
  help                 Mostra esta ajuda (também: --help ou nenhum comando).
  migrate              Aplica as migrações pendentes do banco de dados.
  seed-demo            Cria os dados de demonstração (catálogo, Hiperadores, clientes e
                       usuários) num banco sem usuários. Recusado em produção.
  create-user          Cria um usuário.
      --email E        E-mail de acesso (obrigatório).
      --role R         Perfil (obrigatório): admin | financeiro | gerente_contas | hiperador.
      --reseller H     Hiperador (revenda), pelo id, CNPJ ou nome exato (sem diferenciar
                       maiúsculas). Obrigatório para hiperador; opcional e repetível para
                       gerente_contas (Hiperadores que ele acompanha); proibido para
                       admin e financeiro.
      --name N         Nome exibido (padrão: a parte do e-mail antes do @).
      --password P     Senha inicial (ao menos 8 caracteres). Sem ela, uma senha forte é
                       gerada e mostrada uma única vez no resultado. Prefira gerar: a senha
                       digitada fica no histórico do shell.
${BOLETO_USAGE}${PIX_USAGE}${CNAB_USAGE}${OFX_USAGE}${BILLING_USAGE}${BILLING_RUN_USAGE}
Saída: o resultado vai para a saída padrão em JSON; erros vão para a saída de erro numa
linha começando por "erro:", com código de saída 1 (falha) ou 2 (uso incorreto).

Configuração (variáveis de ambiente ou arquivo .env, como no servidor):
  DATABASE_URL         PostgreSQL; sem ela, usa o banco embutido (PGlite) em DATA_DIR.
  DATA_DIR             Pasta do banco embutido (padrão: ./data).
  NODE_ENV             development | test | production.

Exemplos:
  npm run --silent cli -- migrate
  npm run --silent cli -- create-user --email ana@empresa.com.br --role admin --name "Ana Souza"
  npm run --silent cli -- create-user --email joao@alfa.com.br --role hiperador --reseller "Alfa Automação"
  npm run --silent cli -- create-user --email gabi@empresa.com.br --role gerente_contas \\
      --reseller "Alfa Automação" --reseller "Beta Sistemas"
`;
