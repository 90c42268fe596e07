/** The Zapier call delivery every intake measurement sends (`call_id` set per request or per row). */
export const zapierCall = (callId: string): string =>
  JSON.stringify({
    call_id: callId,
    from_number: '+919876543210',
    to_number: '09631084471',
    duration: 187,
    recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90.mp3',
    timestamp: '2026-11-20T09:42:17Z',
    status: 'completed',
    agent_name: 'Asha Verma',
    department: 'Customer Success',
  });
