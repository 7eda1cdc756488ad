// Checkout API: validates the cart, asks the orders service to place the order, answers the client.
import type { Logger } from 'pino';

export interface Cart {
  id: string;
  customerId: string;
  total: number;
}

export async function checkout(log: Logger, cart: Cart, placeOrder: (cart: Cart) => Promise<boolean>): Promise<number> {
  log.info({ cartId: cart.id }, 'checkout started');
  if (cart.total <= 0) {
    log.warn({ cartId: cart.id }, 'empty cart rejected');
    return 400;
  }
  const ok = await placeOrder(cart);
  if (!ok) {
    log.error({ cartId: cart.id }, 'order was not placed');
    return 502;
  }
  log.info({ cartId: cart.id }, 'checkout complete');
  return 201;
}
