CREATE TYPE "public"."refund_kind" AS ENUM('estorno', 'chargeback');--> statement-breakpoint
CREATE TYPE "public"."repasse_entry_kind" AS ENUM('parcela', 'implantacao', 'proporcional', 'estorno', 'ajuste');--> statement-breakpoint
CREATE TYPE "public"."repasse_statement_status" AS ENUM('fechado', 'pago');--> statement-breakpoint
ALTER TYPE "public"."charge_status" ADD VALUE 'estornada';--> statement-breakpoint
ALTER TYPE "public"."installment_status" ADD VALUE 'estornada';--> statement-breakpoint
CREATE TABLE "payment_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"kind" "refund_kind" NOT NULL,
	"source_id" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"refunded_on" date NOT NULL,
	"reason" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repasse_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_key" text NOT NULL,
	"reseller_id" uuid NOT NULL,
	"client_id" uuid,
	"contract_id" uuid,
	"installment_id" uuid,
	"charge_id" uuid,
	"kind" "repasse_entry_kind" NOT NULL,
	"description" text NOT NULL,
	"competence" text,
	"occurred_on" date NOT NULL,
	"month" text NOT NULL,
	"received_cents" bigint NOT NULL,
	"cost_cents" bigint NOT NULL,
	"central_fee_cents" bigint NOT NULL,
	"fine_interest_cents" bigint DEFAULT 0 NOT NULL,
	"repasse_cents" bigint NOT NULL,
	"reverses_id" uuid,
	"statement_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repasse_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"month" text NOT NULL,
	"status" "repasse_statement_status" DEFAULT 'fechado' NOT NULL,
	"line_count" integer NOT NULL,
	"received_cents" bigint NOT NULL,
	"cost_cents" bigint NOT NULL,
	"central_fee_cents" bigint NOT NULL,
	"fine_interest_cents" bigint NOT NULL,
	"adjustments_cents" bigint NOT NULL,
	"repasse_cents" bigint NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	"paid_on" date,
	"payment_reference" text,
	"paid_by" uuid,
	"paid_at" timestamp with time zone,
	"invoice_filename" text,
	"invoice_content_type" text,
	"invoice_content" "bytea",
	"invoice_sha256" text,
	"invoice_uploaded_at" timestamp with time zone,
	"invoice_uploaded_by" uuid
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "setup_fee_reseller_bp" integer DEFAULT 10000 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_charge_id_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."charges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_statement_id_repasse_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."repasse_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_entries" ADD CONSTRAINT "repasse_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_statements" ADD CONSTRAINT "repasse_statements_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_statements" ADD CONSTRAINT "repasse_statements_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_statements" ADD CONSTRAINT "repasse_statements_paid_by_users_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repasse_statements" ADD CONSTRAINT "repasse_statements_invoice_uploaded_by_users_id_fk" FOREIGN KEY ("invoice_uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_source_idx" ON "payment_refunds" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "payment_refunds_charge_idx" ON "payment_refunds" USING btree ("charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "repasse_entries_key_idx" ON "repasse_entries" USING btree ("entry_key");--> statement-breakpoint
CREATE INDEX "repasse_entries_reseller_month_idx" ON "repasse_entries" USING btree ("reseller_id","month");--> statement-breakpoint
CREATE INDEX "repasse_entries_open_idx" ON "repasse_entries" USING btree ("reseller_id","month") WHERE "repasse_entries"."statement_id" is null;--> statement-breakpoint
CREATE INDEX "repasse_entries_statement_idx" ON "repasse_entries" USING btree ("statement_id");--> statement-breakpoint
CREATE INDEX "repasse_entries_client_idx" ON "repasse_entries" USING btree ("client_id","occurred_on");--> statement-breakpoint
CREATE INDEX "repasse_entries_charge_idx" ON "repasse_entries" USING btree ("charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "repasse_statements_reseller_month_idx" ON "repasse_statements" USING btree ("reseller_id","month");