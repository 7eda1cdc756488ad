package com.acme.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the payment provider over HTTP, retrying once on a timeout. */
public class PaymentClient {
    private static final Logger log = LoggerFactory.getLogger(PaymentClient.class);

    private final HttpClient http;

    public PaymentClient(HttpClient http) {
        this.http = http;
    }

    public Receipt charge(String customerId, Money amount) {
        log.debug("Charging {} {}", customerId, amount);
        try {
            return http.post("/v1/charges", new ChargeRequest(customerId, amount), Receipt.class);
        } catch (TimeoutException e) {
            log.warn("Payment provider timed out, retrying once");
            return http.post("/v1/charges", new ChargeRequest(customerId, amount), Receipt.class);
        }
    }
}
