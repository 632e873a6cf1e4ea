// The last gate before Telegram on a cluster node: a send (or reaction) for a chat goes out only while
// this node may act for the chat's partition — its lease confirmed and the others still hearing it.
// A node that lapsed waits a little for its confirmation to come back; one that lost the partition
// sends nothing (StaleOwner, counted). A decorator around the TelegramPort, as retries and limits are.
import { Fatal, type Clock, type SendMessageRequest, type SentMessage, type TelegramPort } from '../../actors/index.ts';

/** Refused before the call: this node does not own the chat's partition (any more). Nothing was sent. */
export class StaleOwner extends Fatal {
  override readonly name = 'StaleOwner';
}

export interface DispatchGate {
  /** May this node act for `chatId` now? */
  mayDispatch(chatId: string): boolean;
  /** Does this node still hold the chat's partition (perhaps waiting for confirmation)? */
  holds(chatId: string): boolean;
}

export interface FencedTelegram extends TelegramPort {
  /** Calls refused because this node was not (or no longer) the chat's owner. */
  readonly refused: number;
}

/** Wraps `port`: calls wait up to `waitMs` for the gate while the partition is still held. */
export function fencedTelegram(port: TelegramPort, gate: DispatchGate, clock: Clock, waitMs = 1_000): FencedTelegram {
  let refused = 0;
  const admit = async (chatId: string, what: string): Promise<void> => {
    const end = clock.now() + waitMs;
    while (!gate.mayDispatch(chatId)) {
      if (!gate.holds(chatId) || clock.now() >= end) {
        refused++;
        throw new StaleOwner(`${what} for chat ${chatId} not sent: this node does not own its partition now`);
      }
      await clock.sleep(20);
    }
  };
  return {
    get refused() {
      return refused;
    },
    async sendMessage(request: SendMessageRequest): Promise<SentMessage> {
      await admit(request.chatId, 'message');
      return port.sendMessage(request);
    },
    async setMessageReaction(botId, chatId, messageId, emoji) {
      await admit(chatId, 'reaction');
      return port.setMessageReaction(botId, chatId, messageId, emoji);
    },
    async sendChatAction(botId, chatId, action) {
      if (gate.mayDispatch(chatId)) await port.sendChatAction(botId, chatId, action);
    },
  };
}
