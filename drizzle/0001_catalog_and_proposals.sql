CREATE TYPE "public"."proposal_status" AS ENUM('rascunho', 'pronta_para_contrato', 'cancelada');--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"client_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"price_book_id" uuid NOT NULL,
	"status" "proposal_status" DEFAULT 'rascunho' NOT NULL,
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
	"valid_until" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_number_unique" UNIQUE("number")
);
--> statement-breakpoint
ALTER TABLE "price_books" ADD COLUMN "card_max_installments_monthly" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "price_books" ADD COLUMN "card_max_installments_semiannual" integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "price_books" ADD COLUMN "card_max_installments_annual" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "price_books" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_reseller_id_resellers_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."resellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_price_book_id_price_books_id_fk" FOREIGN KEY ("price_book_id") REFERENCES "public"."price_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposals_client_idx" ON "proposals" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "proposals_reseller_idx" ON "proposals" USING btree ("reseller_id");--> statement-breakpoint
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;