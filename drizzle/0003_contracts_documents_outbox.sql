CREATE TYPE "public"."contract_kind" AS ENUM('ativacao', 'migracao', 'alteracao');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('aguardando_assinatura', 'assinado', 'recusado', 'cancelado');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('proposta', 'contrato', 'contrato_assinado');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('pendente', 'enviado', 'falhou');--> statement-breakpoint
ALTER TYPE "public"."client_status" ADD VALUE 'prospect' BEFORE 'aguardando_contrato';--> statement-breakpoint
CREATE SEQUENCE "public"."contract_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"proposal_id" uuid,
	"price_book_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" "contract_kind" NOT NULL,
	"status" "contract_status" DEFAULT 'aguardando_assinatura' NOT NULL,
	"product_code" text NOT NULL,
	"periodicity" text NOT NULL,
	"payment_method" text NOT NULL,
	"card_installments" integer,
	"monthly_negotiated_cents" bigint NOT NULL,
	"period_total_cents" bigint NOT NULL,
	"setup_fee_cents" bigint NOT NULL,
	"repasse_monthly_cents" bigint NOT NULL,
	"configuration" jsonb NOT NULL,
	"pricing" jsonb NOT NULL,
	"keep_paid_through" date,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	CONSTRAINT "contracts_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"kind" "document_kind" NOT NULL,
	"contract_id" uuid,
	"filename" text NOT NULL,
	"content_type" text DEFAULT 'application/pdf' NOT NULL,
	"content" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"status" "email_status" DEFAULT 'pendente' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"entity_type" text,
	"entity_id" text,
	"reseller_id" uuid,
	"provider_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "state_registration" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "billing_emails" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "responsible_name" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "responsible_cpf" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "responsible_email" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_price_book_id_price_books_id_fk" FOREIGN KEY ("price_book_id") REFERENCES "public"."price_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_client_version_idx" ON "contracts" USING btree ("client_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_one_pending_per_client_idx" ON "contracts" USING btree ("client_id") WHERE "contracts"."status" = 'aguardando_assinatura';--> statement-breakpoint
CREATE INDEX "contracts_reseller_idx" ON "contracts" USING btree ("reseller_id","issued_at");--> statement-breakpoint
CREATE INDEX "documents_client_idx" ON "documents" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "documents_sha256_idx" ON "documents" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "email_outbox_status_idx" ON "email_outbox" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "email_outbox_entity_idx" ON "email_outbox" USING btree ("entity_type","entity_id");