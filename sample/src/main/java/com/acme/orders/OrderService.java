package com.acme.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Places orders: reserves stock, charges the customer, confirms. */
public class OrderService {
    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    private final PaymentClient payments;
    private final Inventory inventory;

    public OrderService(PaymentClient payments, Inventory inventory) {
        this.payments = payments;
        this.inventory = inventory;
    }

    public Order place(Cart cart) {
        log.info("Placing order for customer {}", cart.customerId());
        if (!inventory.reserve(cart.items())) {
            log.warn("Stock reservation failed for cart {}", cart.id());
            throw new OutOfStockException(cart.id());
        }
        Receipt receipt = payments.charge(cart.customerId(), cart.total());
        if (!receipt.approved()) {
            log.error("Payment declined for order {}: {}", cart.id(), receipt.reason());
            inventory.release(cart.items());
            throw new PaymentDeclinedException(receipt.reason());
        }
        log.info("Order {} confirmed", cart.id());
        return new Order(cart.id(), receipt.id());
    }
}
