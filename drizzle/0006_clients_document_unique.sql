DROP INDEX "clients_reseller_document_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "clients_document_idx" ON "clients" USING btree ("document");