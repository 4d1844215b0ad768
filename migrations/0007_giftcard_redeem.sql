-- Hand-written (drizzle cannot express functions): a redemption's writes as one SQL
-- function, so the POS API's busiest request moves its money in a single statement (one
-- round trip, no BEGIN/COMMIT), all or nothing. The decisions (which card, whether it
-- may be used here, the amount, the accounts, the audit data) stay in
-- src/modules/giftcards/service.ts, which calls it; this only writes, in this order:
--   1. the money, card to merchant, through platform/ledger's ledger_transfer (the one
--      writer of ledger entries; SQLSTATE TL001 when the card holds too little);
--   2. single-use cards: what is left moves to breakage (p_close_transfer_id not null);
--   3. a card left at zero is marked used;
--   4. the redemption row with the answer the till gets (balance after, forfeited), so a
--      retry is answered with exactly that; its unique Idempotency-Key index refuses a
--      second request with the same key (SQLSTATE 23505) and, the function being one
--      statement, everything above rolls back with it: the service then replays;
--   5. its audit entry.
-- Returns the card's balance afterwards and what a single-use card forfeited.
CREATE FUNCTION giftcard_redeem(
	p_redemption_id uuid,
	p_city_id uuid,
	p_card_id uuid,
	p_business_id uuid,
	p_amount_ore bigint,
	p_coupons integer,
	p_idempotency_key text,
	p_request_hash text,
	p_receipt_number text,
	p_actor text,
	p_created_at timestamptz,
	p_audit_data jsonb,
	p_transfer_id uuid,
	p_transfer_memo jsonb,
	p_card_account text,
	p_merchant_account text,
	p_close_transfer_id uuid,
	p_breakage_account text,
	p_negative_kinds text[]
) RETURNS TABLE (balance_ore bigint, forfeited_ore bigint)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
	v_balance bigint;
	v_forfeited bigint := 0;
BEGIN
	SELECT moved.balance_ore INTO v_balance
	FROM ledger_transfer(p_city_id, p_transfer_id, 'giftcard.redeem', p_redemption_id::text, p_actor, p_transfer_memo,
		ARRAY[p_card_account], ARRAY[p_merchant_account], ARRAY[p_amount_ore], p_created_at, p_negative_kinds) AS moved
	WHERE moved.code = p_card_account;

	IF p_close_transfer_id IS NOT NULL AND v_balance > 0 THEN
		PERFORM ledger_transfer(p_city_id, p_close_transfer_id, 'giftcard.single_use_close', p_card_id::text, p_actor, '{}'::jsonb,
			ARRAY[p_card_account], ARRAY[p_breakage_account], ARRAY[v_balance], p_created_at, p_negative_kinds);
		v_forfeited := v_balance;
		v_balance := 0;
	END IF;

	IF v_balance = 0 THEN
		UPDATE giftcards SET status = 'used' WHERE id = p_card_id AND status = 'active';
	END IF;

	INSERT INTO redemptions (id, city_id, card_id, business_id, amount_ore, coupons, idempotency_key, request_hash, receipt_number, created_by, created_at, transfer_id, balance_after_ore, forfeited_ore)
	VALUES (p_redemption_id, p_city_id, p_card_id, p_business_id, p_amount_ore, p_coupons, p_idempotency_key, p_request_hash, p_receipt_number, p_actor, p_created_at, p_transfer_id, v_balance, v_forfeited);

	INSERT INTO audit_log (city_id, actor, action, entity_type, entity_id, data)
	VALUES (p_city_id, p_actor, 'giftcard.redeem', 'redemption', p_redemption_id::text, p_audit_data);

	balance_ore := v_balance;
	forfeited_ore := v_forfeited;
	RETURN NEXT;
END;
$$;
