package com.acme.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The payments service's API. A gateway failure is not caught here: Spring logs it with its stack trace. */
@RestController
public class PaymentController {
    private static final Logger log = LoggerFactory.getLogger(PaymentController.class);

    private final PaymentGateway gateway;

    public PaymentController(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    public record Charge(String orderId, String customer, long cents) {}

    @PostMapping("/payments")
    public ResponseEntity<Void> charge(@RequestBody Charge charge) {
        log.info("Charge {} cents for order {}", charge.cents(), charge.orderId());
        if (charge.customer().startsWith("blocked")) {
            log.warn("Declined order {}: customer {} is blocked", charge.orderId(), charge.customer());
            return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).build();
        }
        String auth = gateway.authorize(charge.orderId(), charge.cents());
        log.info("Order {} authorized as {}", charge.orderId(), auth);
        return ResponseEntity.ok().build();
    }
}
