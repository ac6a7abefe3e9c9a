/** Whether live updates reach the UI: always 'connected' over IPC; over HTTP, the event stream's state. */
export type ConnectionState = 'connecting' | 'connected' | 'lost';
