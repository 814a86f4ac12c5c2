import { createTransport } from 'nodemailer';
import type { EmailTransport } from '../../app/email/ports';

export interface SmtpTransportOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  from: string;
  /** Seconds to wait for the connection and for each reply. */
  timeoutSeconds?: number;
}

/** Delivers e-mail through an SMTP server with nodemailer. */
export class SmtpTransport implements EmailTransport {
  private readonly transporter: ReturnType<typeof createTransport>;

  constructor(private readonly options: SmtpTransportOptions) {
    const timeout = (options.timeoutSeconds ?? 30) * 1000;
    this.transporter = createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: Parameters<EmailTransport['send']>[0]) {
    const info = await this.transporter.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.content),
        // An inline image (the Pix QR): the HTML shows it as <img src="cid:…">.
        ...(a.contentId ? { cid: a.contentId, contentDisposition: 'inline' as const } : {}),
      })),
    });
    return { messageId: String(info.messageId ?? '') };
  }

  close(): void {
    this.transporter.close();
  }
}
