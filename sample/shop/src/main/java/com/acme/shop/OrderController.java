package com.acme.shop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The orders service's API: places an order by charging it through the payments service. */
@RestController
public class OrderController {
    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final PaymentsClient payments;
    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);

    public OrderController(PaymentsClient payments) {
        this.payments = payments;
    }

    public record OrderRequest(String customer, String item, long cents) {}

    public record Order(String id, String customer, String item, long cents, String status) {}

    @PostMapping("/orders")
    public ResponseEntity<Order> place(@RequestBody OrderRequest req) {
        String id = "ord-" + ids.incrementAndGet();
        log.info("Placing order {} for customer {}: {} at {} cents", id, req.customer(), req.item(), req.cents());
        if (req.cents() <= 0) {
            log.warn("Rejected order {}: amount must be positive, got {}", id, req.cents());
            return ResponseEntity.badRequest().build();
        }
        PaymentsClient.Result result = payments.charge(id, req.customer(), req.cents());
        Order order = new Order(id, req.customer(), req.item(), req.cents(), result.name());
        orders.put(id, order);
        switch (result) {
            case APPROVED -> log.info("Order {} confirmed", id);
            case DECLINED -> log.warn("Order {} declined by payments", id);
            case FAILED -> log.error("Order {} failed: payments could not charge it", id);
        }
        HttpStatus status = switch (result) {
            case APPROVED -> HttpStatus.CREATED;
            case DECLINED -> HttpStatus.PAYMENT_REQUIRED;
            case FAILED -> HttpStatus.BAD_GATEWAY;
        };
        return ResponseEntity.status(status).body(order);
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<Order> find(@PathVariable String id) {
        Order order = orders.get(id);
        if (order == null) {
            log.info("Order {} not found", id);
            return ResponseEntity.notFound().build();
        }
        log.debug("Order {} is {}", id, order.status());
        return ResponseEntity.ok(order);
    }
}
