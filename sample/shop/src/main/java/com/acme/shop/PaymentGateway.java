package com.acme.shop;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Stands in for a card gateway: amounts over the limit fail the way a dropped connection would. */
@Component
public class PaymentGateway {
    private static final Logger log = LoggerFactory.getLogger(PaymentGateway.class);
    static final long LIMIT_CENTS = 100_000;

    public String authorize(String orderId, long cents) {
        log.debug("Authorizing order {}", orderId);
        try {
            return send(orderId, cents);
        } catch (IOException e) {
            throw new IllegalStateException("gateway rejected order " + orderId, e);
        }
    }

    private String send(String orderId, long cents) throws IOException {
        if (cents > LIMIT_CENTS) throw new IOException("connection reset by gateway");
        return "auth-" + Integer.toHexString(orderId.hashCode());
    }
}
