package com.acme.shop;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Calls the payments service over HTTP. The RestClient comes from Spring Boot's builder, so Micrometer Tracing
 * propagates the trace (B3 headers) and records a client span.
 */
@Component
public class PaymentsClient {
    private static final Logger log = LoggerFactory.getLogger(PaymentsClient.class);

    public enum Result { APPROVED, DECLINED, FAILED }

    private final RestClient http;

    public PaymentsClient(RestClient.Builder builder, @Value("${shop.payments-url}") String paymentsUrl) {
        this.http = builder.baseUrl(paymentsUrl).build();
    }

    public Result charge(String orderId, String customer, long cents) {
        log.debug("Charging {} cents to {} for order {}", cents, customer, orderId);
        try {
            http.post().uri("/payments")
                    .header(RequestIdFilter.HEADER, MDC.get(RequestIdFilter.MDC_KEY))
                    .body(Map.of("orderId", orderId, "customer", customer, "cents", cents))
                    .retrieve().toBodilessEntity();
            return Result.APPROVED;
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(402))) return Result.DECLINED;
            log.error("Payment for order {} failed with HTTP {}", orderId, e.getStatusCode().value(), e);
            return Result.FAILED;
        } catch (RestClientException e) {
            log.error("Payments service unreachable for order {}", orderId, e);
            return Result.FAILED;
        }
    }
}
