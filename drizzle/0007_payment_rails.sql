CREATE TYPE "public"."bank_file_kind" AS ENUM('remessa', 'retorno', 'extrato');--> statement-breakpoint
CREATE TYPE "public"."bank_file_status" AS ENUM('gerado', 'processando', 'importado', 'recusado');--> statement-breakpoint
CREATE TYPE "public"."charge_method" AS ENUM('boleto', 'pix', 'cartao', 'ted');--> statement-breakpoint
CREATE TYPE "public"."charge_status" AS ENUM('emitida', 'registrada', 'paga', 'vencida', 'cancelada', 'falhou');--> statement-breakpoint
CREATE TYPE "public"."payment_source" AS ENUM('retorno', 'webhook', 'ofx', 'manual', 'card');--> statement-breakpoint
CREATE TYPE "public"."statement_entry_status" AS ENUM('conciliado', 'pendente', 'descartado');--> statement-breakpoint
CREATE SEQUENCE "public"."charge_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."nosso_numero_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "bank_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "bank_file_kind" NOT NULL,
	"status" "bank_file_status" NOT NULL,
	"bank_code" text,
	"sequence" integer,
	"filename" text NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"size_bytes" integer NOT NULL,
	"total_items" integer DEFAULT 0 NOT NULL,
	"processed_items" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "card_registration_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"invalidated_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_registration_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "charge_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_id" uuid NOT NULL,
	"type" text NOT NULL,
	"event_key" text,
	"description" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charge_events_event_key_unique" UNIQUE("event_key")
);
--> statement-breakpoint
CREATE TABLE "charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"contract_id" uuid,
	"installment_id" uuid,
	"description" text NOT NULL,
	"method" charge_method NOT NULL,
	"status" charge_status DEFAULT 'emitida' NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"due_date" date NOT NULL,
	"fine_basis_points" integer DEFAULT 200 NOT NULL,
	"interest_monthly_basis_points" integer DEFAULT 100 NOT NULL,
	"provider" text NOT NULL,
	"provider_reference" text,
	"bank_code" text,
	"nosso_numero" text,
	"barcode" text,
	"digitable_line" text,
	"pix_txid" text,
	"pix_payload" text,
	"ted_identifier" text,
	"card_installments" integer,
	"failure_reason" text,
	"registration_file_id" uuid,
	"cancellation_file_id" uuid,
	"registered_at" timestamp with time zone,
	"paid_on" date,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charges_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "client_credits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"payment_id" uuid,
	"charge_id" uuid,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"gateway" text NOT NULL,
	"token" text NOT NULL,
	"brand" text NOT NULL,
	"last4" text NOT NULL,
	"exp_month" integer NOT NULL,
	"exp_year" integer NOT NULL,
	"holder_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"source" "payment_source" NOT NULL,
	"source_id" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"principal_cents" bigint NOT NULL,
	"fine_interest_cents" bigint DEFAULT 0 NOT NULL,
	"discount_cents" bigint DEFAULT 0 NOT NULL,
	"overpaid_cents" bigint DEFAULT 0 NOT NULL,
	"paid_on" date NOT NULL,
	"credited_on" date,
	"reason" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid,
	"account" text NOT NULL,
	"fitid" text NOT NULL,
	"posted_on" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"memo" text,
	"payer_document" text,
	"status" "statement_entry_status" DEFAULT 'pendente' NOT NULL,
	"charge_id" uuid,
	"payment_id" uuid,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"dismiss_reason" text,
	"raw" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bank_files" ADD CONSTRAINT "bank_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_registration_links" ADD CONSTRAINT "card_registration_links_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_registration_links" ADD CONSTRAINT "card_registration_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_events" ADD CONSTRAINT "charge_events_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_credits" ADD CONSTRAINT "client_credits_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_credits" ADD CONSTRAINT "client_credits_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_credits" ADD CONSTRAINT "client_credits_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_credits" ADD CONSTRAINT "client_credits_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_cards" ADD CONSTRAINT "payment_cards_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_cards" ADD CONSTRAINT "payment_cards_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_entries" ADD CONSTRAINT "statement_entries_file_id_bank_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."bank_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_entries" ADD CONSTRAINT "statement_entries_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_entries" ADD CONSTRAINT "statement_entries_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_entries" ADD CONSTRAINT "statement_entries_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_files_sha256_idx" ON "bank_files" USING btree ("kind","sha256");--> statement-breakpoint
CREATE INDEX "bank_files_created_idx" ON "bank_files" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "card_registration_links_client_idx" ON "card_registration_links" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "charge_events_charge_idx" ON "charge_events" USING btree ("charge_id","at");--> statement-breakpoint
CREATE INDEX "charges_client_idx" ON "charges" USING btree ("client_id","due_date");--> statement-breakpoint
CREATE INDEX "charges_reseller_idx" ON "charges" USING btree ("reseller_id","due_date");--> statement-breakpoint
CREATE INDEX "charges_status_idx" ON "charges" USING btree ("status","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_nosso_numero_idx" ON "charges" USING btree ("bank_code","nosso_numero");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_pix_txid_idx" ON "charges" USING btree ("pix_txid");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_ted_identifier_idx" ON "charges" USING btree ("ted_identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_provider_reference_idx" ON "charges" USING btree ("provider","provider_reference");--> statement-breakpoint
CREATE INDEX "client_credits_client_idx" ON "client_credits" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_cards_client_idx" ON "payment_cards" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_cards_active_idx" ON "payment_cards" USING btree ("client_id") WHERE "payment_cards"."replaced_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_source_idx" ON "payments" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "payments_charge_idx" ON "payments" USING btree ("charge_id");--> statement-breakpoint
CREATE INDEX "payments_reseller_idx" ON "payments" USING btree ("reseller_id","paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_entries_fitid_idx" ON "statement_entries" USING btree ("account","fitid");--> statement-breakpoint
CREATE INDEX "statement_entries_status_idx" ON "statement_entries" USING btree ("status","posted_on");