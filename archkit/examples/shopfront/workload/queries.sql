-- Shopfront: the queries the services run most, by endpoint.

-- web: order history page
SELECT id, status, total, created_at
FROM orders
WHERE customer_id = 42
ORDER BY created_at DESC
LIMIT 20;

-- web: order detail
SELECT oi.product_id, p.name, oi.quantity, oi.unit_price
FROM order_items AS oi
JOIN products AS p ON p.id = oi.product_id
WHERE oi.order_id = 1001;

-- catalog: best sellers of the last week (joins order lines by product)
SELECT oi.product_id, sum(oi.quantity) AS sold
FROM order_items AS oi
JOIN orders AS o ON o.id = oi.order_id
WHERE o.created_at >= now() - interval '7 days'
GROUP BY oi.product_id
ORDER BY sold DESC
LIMIT 10;

-- fulfilment: orders waiting to ship
SELECT id, customer_id FROM orders WHERE status = 'paid' ORDER BY created_at LIMIT 100;

-- checkout: find a payment by the provider's reference (webhook)
SELECT id, order_id, amount FROM payments WHERE provider_ref = 'pi_3N...';

-- accounts: log in
SELECT id, full_name FROM customers WHERE lower(email) = lower('ada@example.com');

-- support: what happened to this order?
SELECT occurred_at, actor, action FROM audit_log
WHERE details ->> 'order_id' = '1001'
ORDER BY occurred_at DESC;

-- catalog: products in a category
SELECT p.id, p.name, p.price
FROM product_categories AS pc
JOIN products AS p ON p.id = pc.product_id
WHERE pc.category_id = 7 AND p.is_active;
