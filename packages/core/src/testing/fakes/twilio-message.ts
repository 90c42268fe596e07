/** The messages the Twilio fake keeps (shared by the fake and its list endpoint). */

/** A message status the fake moves a message through. */
export type FakeMessageStatus = 'accepted' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** A message the fake accepted. */
export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  /** The text sent: the `Body`, or the Content template filled with its variables. */
  body: string;
  /** The form parameters exactly as the API received them (`Body`, `ContentSid`, `ContentVariables`, `StatusCallback`…). */
  params: Record<string, string>;
  status: FakeMessageStatus;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  /** Empty until the message is sent, as at Twilio. */
  dateSent: Date | null;
}
