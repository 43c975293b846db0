export { DiscordEmulator, type EmulatorOptions, type Interaction, type MessageWrite } from './emulator.js';
export { Gateway, Op, type GatewaySession, type Identify } from './gateway.js';
export { type Pings, pingsNobody, pingsOf } from './mentions.js';
export { ChannelKind, MEMBER_PERMISSIONS, Permission, type Channel, type Guild, type StoredMessage, type User } from './model.js';
export { type RecordedRequest, type Reply, RestServer } from './rest.js';
export { ROOT, runScript, type Spawned } from './processes.js';
