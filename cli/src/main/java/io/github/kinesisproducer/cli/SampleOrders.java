package io.github.kinesisproducer.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's dataset: made-up e-commerce orders as JSON lines, generated from a fixed seed so every run sends the
 * same bytes (nothing to download or ship). About 250 bytes each; 2,000 customers, so keys repeat and some
 * customers' orders share a shard, as in real traffic.
 */
final class SampleOrders {
    static final String PARTITION_KEY = "json:customerId";
    private static final long SEED = 20260101L;
    private static final int CUSTOMERS = 2_000;
    private static final Instant START = Instant.parse("2026-01-01T08:00:00Z");
    private static final String[] PRODUCTS = {"espresso-beans-1kg", "oat-milk-6pack", "ceramic-mug",
        "pour-over-kettle", "burr-grinder", "paper-filters-100", "travel-tumbler", "cold-brew-bottle",
        "milk-frother", "descaler-tablets", "coffee-scale", "gift-card-25"};
    private static final int[] PRICE_CENTS = {1890, 749, 1200, 4990, 8900, 499, 2450, 1999, 3499, 999, 2990, 2500};
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "SE", "ES", "IT", "PL", "IE", "US", "CA"};
    private static final String[] PAYMENT = {"card", "card", "card", "paypal", "sepa", "apple_pay"};

    private SampleOrders() {
    }

    /** {@code count} orders, the same ones every time. */
    static List<byte[]> generate(int count) {
        Random random = new Random(SEED);
        List<byte[]> orders = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            orders.add(order(i, random).getBytes(StandardCharsets.UTF_8));
        }
        return orders;
    }

    // StringBuilder rather than String.format: generating 10,000 orders should take milliseconds, not a second.
    private static String order(int n, Random random) {
        StringBuilder items = new StringBuilder();
        long total = 0;
        int lines = 1 + random.nextInt(3);
        for (int l = 0; l < lines; l++) {
            int p = random.nextInt(PRODUCTS.length);
            int qty = 1 + random.nextInt(3);
            total += (long) qty * PRICE_CENTS[p];
            items.append(l == 0 ? "" : ",").append("{\"sku\":\"").append(PRODUCTS[p]).append("\",\"qty\":").append(qty)
                    .append(",\"unitPrice\":").append(money(PRICE_CENTS[p])).append('}');
        }
        Instant at = START.plusMillis(n * 1_700L + random.nextInt(1_000));
        int customer = 1 + random.nextInt(CUSTOMERS);
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        String payment = PAYMENT[random.nextInt(PAYMENT.length)];
        return "{\"orderId\":\"ord-" + pad(n, 6)
                + "\",\"customerId\":\"cust-" + pad(customer, 4)
                + "\",\"createdAt\":\"" + at
                + "\",\"country\":\"" + country
                + "\",\"payment\":\"" + payment
                + "\",\"items\":[" + items
                + "],\"total\":" + money(total)
                + ",\"currency\":\"EUR\"}";
    }

    /** Cents as a decimal amount with two digits: 1890 → 18.90. */
    private static String money(long cents) {
        return cents / 100 + "." + pad((int) (cents % 100), 2);
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
