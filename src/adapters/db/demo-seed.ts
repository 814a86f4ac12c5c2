import { count } from 'drizzle-orm';
import type { PasswordHasher } from '../../app/auth/ports';
import type { Clock } from '../../app/shared/ports';
import type { Role } from '../../domain/access/roles';
import { addDays, addMonths, businessDateAt, endOfMonth } from '../../domain/calendar/dates';
import { cnpjCheckDigits } from '../../domain/documents/cpf-cnpj';
import { applyBasisPoints } from '../../domain/money/money';
import { demoPriceBook } from '../../domain/pricing/demo-price-book';
import type { Db } from './database';
import { insertPriceBook } from './repositories/catalog-repository';
import { accountManagerResellers, clients, products, resellers, users } from './schema';

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_USERS: {
  email: string;
  name: string;
  role: Role;
  reseller?: 'alfa' | 'beta';
  phone?: string;
}[] = [
  { email: 'admin@demo.local', name: 'Ana Administradora', role: 'admin' },
  { email: 'financeiro@demo.local', name: 'Fábio Financeiro', role: 'financeiro' },
  { email: 'gerente@demo.local', name: 'Gabriela Gerente', role: 'gerente_contas', phone: '4799887766' },
  { email: 'hiperador@demo.local', name: 'Heitor (Alfa Automação)', role: 'hiperador', reseller: 'alfa' },
  { email: 'hiperador2@demo.local', name: 'Helena (Beta Sistemas)', role: 'hiperador', reseller: 'beta' },
];

/** A valid CNPJ from a 12-character base (numeric or alphanumeric). */
const cnpj = (base: string) => base + cnpjCheckDigits(base);

type ClientSeed = {
  legalName: string;
  tradeName: string;
  base: string;
  city: string;
  state: string;
  cep: string;
  street: string;
  district: string;
  contactName: string;
  product: 'hiper-mini' | 'hiper-gestao';
  /** Monthly fee in centavos, for clients already billed. */
  fee: number;
  status: 'aguardando_contrato' | 'aguardando_pagamento' | 'ativo' | 'inadimplente' | 'bloqueado';
  /** Months since activation (for active clients). */
  months?: number;
};

const ALFA_CLIENTS: ClientSeed[] = [
  {
    legalName: 'Mercadinho Bom Preço Ltda',
    tradeName: 'Mercadinho Bom Preço',
    base: '112223330001',
    city: 'Blumenau',
    state: 'SC',
    cep: '89010000',
    street: 'Rua XV de Novembro',
    district: 'Centro',
    contactName: 'Carlos Pereira',
    product: 'hiper-mini',
    fee: 8990,
    status: 'ativo',
    months: 5,
  },
  {
    legalName: 'Padaria Pão Dourado Ltda',
    tradeName: 'Pão Dourado',
    base: '12ABC34501DE',
    city: 'Curitiba',
    state: 'PR',
    cep: '80010010',
    street: 'Rua das Flores',
    district: 'Centro',
    contactName: 'Marina Costa',
    product: 'hiper-gestao',
    fee: 21980,
    status: 'ativo',
    months: 8,
  },
  {
    legalName: 'Farmácia Vida Saudável Eireli',
    tradeName: 'Farmácia Vida',
    base: '234567890001',
    city: 'Porto Alegre',
    state: 'RS',
    cep: '90010150',
    street: 'Avenida Borges de Medeiros',
    district: 'Centro Histórico',
    contactName: 'Ricardo Alves',
    product: 'hiper-gestao',
    fee: 17990,
    status: 'inadimplente',
    months: 3,
  },
  {
    legalName: 'Loja de Calçados Passo Firme Ltda',
    tradeName: 'Passo Firme Calçados',
    base: '345678120001',
    city: 'São Paulo',
    state: 'SP',
    cep: '01310100',
    street: 'Avenida Paulista',
    district: 'Bela Vista',
    contactName: 'Juliana Souza',
    product: 'hiper-mini',
    fee: 11980,
    status: 'aguardando_pagamento',
  },
  {
    legalName: 'Pet Shop Amigo Fiel ME',
    tradeName: 'Amigo Fiel Pet',
    base: '456781230001',
    city: 'Florianópolis',
    state: 'SC',
    cep: '88010400',
    street: 'Rua Felipe Schmidt',
    district: 'Centro',
    contactName: 'Bruno Lima',
    product: 'hiper-mini',
    fee: 8990,
    status: 'aguardando_contrato',
  },
  {
    legalName: 'Auto Peças Estrada Real Ltda',
    tradeName: 'Estrada Real Auto Peças',
    base: '567812340001',
    city: 'Belo Horizonte',
    state: 'MG',
    cep: '30130010',
    street: 'Avenida Afonso Pena',
    district: 'Centro',
    contactName: 'Paulo Mendes',
    product: 'hiper-gestao',
    fee: 26980,
    status: 'bloqueado',
    months: 4,
  },
];

const BETA_CLIENTS: ClientSeed[] = [
  {
    legalName: 'Supermercado Boa Safra Ltda',
    tradeName: 'Boa Safra',
    base: '678123450001',
    city: 'Recife',
    state: 'PE',
    cep: '50010000',
    street: 'Rua do Bom Jesus',
    district: 'Recife Antigo',
    contactName: 'Fernanda Rocha',
    product: 'hiper-gestao',
    fee: 23980,
    status: 'ativo',
    months: 10,
  },
  {
    legalName: 'Livraria Página Nova Ltda',
    tradeName: 'Página Nova',
    base: '781234560001',
    city: 'Salvador',
    state: 'BA',
    cep: '40020000',
    street: 'Rua Chile',
    district: 'Centro',
    contactName: 'Tiago Nunes',
    product: 'hiper-mini',
    fee: 8990,
    status: 'ativo',
    months: 2,
  },
  {
    legalName: 'Ótica Visão Clara Ltda',
    tradeName: 'Visão Clara',
    base: 'A1B2C3D40001',
    city: 'Fortaleza',
    state: 'CE',
    cep: '60060000',
    street: 'Rua Barão do Rio Branco',
    district: 'Centro',
    contactName: 'Luciana Dias',
    product: 'hiper-mini',
    fee: 9980,
    status: 'inadimplente',
    months: 6,
  },
  {
    legalName: 'Materiais de Construção Tijolo Forte Ltda',
    tradeName: 'Tijolo Forte',
    base: '891234560001',
    city: 'Goiânia',
    state: 'GO',
    cep: '74003010',
    street: 'Avenida Goiás',
    district: 'Setor Central',
    contactName: 'Rafael Martins',
    product: 'hiper-gestao',
    fee: 17990,
    status: 'aguardando_pagamento',
  },
  {
    legalName: 'Empório Sabor da Terra ME',
    tradeName: 'Sabor da Terra',
    base: '912345670001',
    city: 'Manaus',
    state: 'AM',
    cep: '69005040',
    street: 'Avenida Eduardo Ribeiro',
    district: 'Centro',
    contactName: 'Aline Barbosa',
    product: 'hiper-mini',
    fee: 8990,
    status: 'aguardando_contrato',
  },
];

const COST_BY_PRODUCT = { 'hiper-mini': 2800, 'hiper-gestao': 5700 };

/** Area code (DDD) of each demo client's capital, for plausible phone numbers. */
const DDD: Record<string, string> = {
  SC: '47',
  PR: '41',
  RS: '51',
  SP: '11',
  MG: '31',
  PE: '81',
  BA: '71',
  CE: '85',
  GO: '62',
  AM: '92',
};

export interface DemoSeedResult {
  seeded: boolean;
  users: { email: string; role: Role; reseller: string | null }[];
}

/** Fills an empty database with the demo catalog, resellers, clients and users. Does nothing otherwise. */
export async function seedDemo(db: Db, hasher: PasswordHasher, clock: Clock): Promise<DemoSeedResult> {
  const [existing] = await db.select({ n: count() }).from(users);
  if (Number(existing?.n ?? 0) > 0) return { seeded: false, users: [] };

  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  const today = businessDateAt(clock.now());

  await db.transaction(async (tx) => {
    const demo = demoPriceBook();
    await tx.insert(products).values(
      demo.plans.map((p) => ({
        code: p.productCode,
        name: p.name,
        description: p.description,
        sortOrder: p.sortOrder,
      })),
    );
    await insertPriceBook(tx, { ...demo, validFrom: `${today.slice(0, 4)}-01-01` }, null);

    const [alfa, beta] = await tx
      .insert(resellers)
      .values([
        {
          name: 'Alfa Automação',
          legalName: 'Alfa Automação Comercial Ltda',
          document: cnpj('193847560001'),
          email: 'contato@alfa.demo.local',
          phone: '4733221100',
          city: 'Blumenau',
          state: 'SC',
        },
        {
          name: 'Beta Sistemas',
          legalName: 'Beta Sistemas de Automação Ltda',
          document: cnpj('283746510001'),
          email: 'contato@beta.demo.local',
          phone: '8133445566',
          city: 'Recife',
          state: 'PE',
        },
      ])
      .returning({ id: resellers.id });
    const resellerIds = { alfa: alfa!.id, beta: beta!.id };

    const toRow = (resellerId: string) => (c: ClientSeed) => {
      const billed = c.status === 'ativo' || c.status === 'inadimplente' || c.status === 'bloqueado';
      const activatedOn = billed ? addMonths(today, -(c.months ?? 1)) : null;
      // ativo: paid through the end of next month; inadimplente: still inside its paid month; bloqueado: lapsed.
      const paidThrough =
        c.status === 'ativo'
          ? endOfMonth(addMonths(today, 1))
          : c.status === 'inadimplente'
            ? endOfMonth(today)
            : c.status === 'bloqueado'
              ? addDays(today.slice(0, 8).concat('01'), -1)
              : null;
      const repasse =
        c.fee - COST_BY_PRODUCT[c.product] - applyBasisPoints(c.fee, demoPriceBook().centralFeeBp);
      return {
        resellerId,
        legalName: c.legalName,
        tradeName: c.tradeName,
        document: cnpj(c.base),
        email: `financeiro@${c.tradeName
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]/g, '')}.demo.local`,
        phone: `${DDD[c.state] ?? '11'}9${String(80000000 + c.cep.charCodeAt(3) * 104729 + c.legalName.length * 7919).slice(0, 8)}`,
        contactName: c.contactName,
        street: c.street,
        number: String(100 + c.legalName.length * 7),
        district: c.district,
        city: c.city,
        state: c.state,
        cep: c.cep,
        status: c.status,
        productCode: c.product,
        monthlyFeeCents: c.fee,
        repasseCents: repasse,
        paidThrough,
        activatedOn,
      };
    };
    await tx
      .insert(clients)
      .values([...ALFA_CLIENTS.map(toRow(resellerIds.alfa)), ...BETA_CLIENTS.map(toRow(resellerIds.beta))]);

    const inserted = await tx
      .insert(users)
      .values(
        DEMO_USERS.map((u) => ({
          email: u.email,
          name: u.name,
          role: u.role,
          resellerId: u.reseller ? resellerIds[u.reseller] : null,
          phone: u.phone ?? null,
          passwordHash,
        })),
      )
      .returning({ id: users.id, role: users.role });
    const manager = inserted.find((u) => u.role === 'gerente_contas')!;
    await tx.insert(accountManagerResellers).values([
      { userId: manager.id, resellerId: resellerIds.alfa },
      { userId: manager.id, resellerId: resellerIds.beta },
    ]);
  });

  return {
    seeded: true,
    users: DEMO_USERS.map((u) => ({
      email: u.email,
      role: u.role,
      reseller: u.reseller === 'alfa' ? 'Alfa Automação' : u.reseller === 'beta' ? 'Beta Sistemas' : null,
    })),
  };
}
