-- Hand-written (drizzle cannot express functions): a redemption in one round trip.
-- giftcard_redeem used to take the card's id, so every redemption first read the card
-- by its code's hash in a statement of its own, and the service decided from that row.
-- Now the function finds the card itself and makes the same decisions, in the same
-- order, from what the service passes in: the card must exist in the city, be active
-- and not past its expiry at p_created_at, be of a product this business accepts
-- (p_accepted_products: the service evaluates the products' acceptance rules against
-- the business's category, so the rules stay in one place), and the amount must fit the
-- card (a booklet takes whole coupons). A refusal is an answer (outcome and the card's
-- fields for the message), not an error, and writes nothing. Too little on the card is
-- still the ledger's TL001. The writes are those of 0012's giftcard_redeem but one: no
-- audit_log row. A redemption's record is its own row (who, when, where, how much) and
-- its ledger transfer (actor, kind, reference), both immutable; a copy in the audit log
-- cost a fifth of the statement's writes and buried the association's own actions
-- (keys, roles, blocks, refunds, reversals) under thousands of till entries a day.
DROP FUNCTION giftcard_redeem(uuid, uuid, uuid, uuid, bigint, integer, text, text, text, text, timestamptz, jsonb, uuid, jsonb, text, text, uuid, text, text[], text[]);
--> statement-breakpoint
CREATE FUNCTION giftcard_redeem(
	p_redemption_id uuid,
	p_city_id uuid,
	p_code_hash text,
	p_business_id uuid,
	p_amount_ore bigint,
	p_coupons integer,
	p_accepted_products uuid[],
	p_single_use_products uuid[],
	p_idempotency_key text,
	p_request_hash text,
	p_receipt_number text,
	p_actor text,
	p_created_at timestamptz,
	p_transfer_id uuid,
	p_close_transfer_id uuid,
	p_merchant_account text,
	p_breakage_account text,
	p_negative_kinds text[],
	p_spread_kinds text[]
) RETURNS TABLE (
	outcome text,
	card_id uuid,
	product_id uuid,
	card_status text,
	expires_at timestamptz,
	coupon_value_ore bigint,
	amount_ore bigint,
	balance_ore bigint,
	forfeited_ore bigint
)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
	v_card giftcards%ROWTYPE;
	v_account text;
	v_amount bigint;
	v_coupons integer;
	v_balance bigint;
	v_forfeited bigint := 0;
BEGIN
	SELECT * INTO v_card FROM giftcards g WHERE g.code_hash = p_code_hash AND g.city_id = p_city_id;
	IF NOT FOUND THEN
		outcome := 'not_found';
		RETURN NEXT;
		RETURN;
	END IF;
	card_id := v_card.id;
	product_id := v_card.product_id;
	card_status := v_card.status;
	expires_at := v_card.expires_at;
	coupon_value_ore := v_card.coupon_value_ore;

	-- The service's effectiveStatus: expiry counts before the nightly job marks it.
	IF v_card.status <> 'active' OR v_card.expires_at < p_created_at THEN
		outcome := 'not_active';
		RETURN NEXT;
		RETURN;
	END IF;
	IF NOT (v_card.product_id = ANY (p_accepted_products)) THEN
		outcome := 'not_accepted';
		RETURN NEXT;
		RETURN;
	END IF;

	-- A booklet takes whole coupons (given as coupons, or as an amount of whole coupons).
	IF v_card.coupon_value_ore IS NOT NULL THEN
		v_coupons := coalesce(p_coupons, CASE WHEN p_amount_ore % v_card.coupon_value_ore = 0 THEN (p_amount_ore / v_card.coupon_value_ore)::integer END);
		IF v_coupons IS NULL OR v_coupons < 1 THEN
			outcome := 'invalid_coupons';
			RETURN NEXT;
			RETURN;
		END IF;
		v_amount := v_coupons * v_card.coupon_value_ore;
	ELSE
		IF p_amount_ore IS NULL OR p_amount_ore < 1 THEN
			outcome := 'invalid_amount';
			RETURN NEXT;
			RETURN;
		END IF;
		v_amount := p_amount_ore;
	END IF;

	-- The account code of giftcards' accounts.card (src/modules/giftcards/ports.ts).
	v_account := 'card:' || v_card.id;
	SELECT moved.balance_ore INTO v_balance
	FROM ledger_transfer(p_city_id, p_transfer_id, 'giftcard.redeem', p_redemption_id::text, p_actor,
		jsonb_build_object('businessId', p_business_id, 'card', v_card.id),
		ARRAY[v_account], ARRAY[p_merchant_account], ARRAY[v_amount], p_created_at, p_negative_kinds, p_spread_kinds) AS moved
	WHERE moved.code = v_account;

	IF v_card.product_id = ANY (p_single_use_products) AND v_balance > 0 THEN
		PERFORM ledger_transfer(p_city_id, p_close_transfer_id, 'giftcard.single_use_close', v_card.id::text, p_actor, '{}'::jsonb,
			ARRAY[v_account], ARRAY[p_breakage_account], ARRAY[v_balance], p_created_at, p_negative_kinds, p_spread_kinds);
		v_forfeited := v_balance;
		v_balance := 0;
	END IF;

	IF v_balance = 0 THEN
		UPDATE giftcards g SET status = 'used' WHERE g.id = v_card.id AND g.status = 'active';
	END IF;

	INSERT INTO redemptions (id, city_id, card_id, business_id, amount_ore, coupons, idempotency_key, request_hash, receipt_number, created_by, created_at, transfer_id, balance_after_ore, forfeited_ore)
	VALUES (p_redemption_id, p_city_id, v_card.id, p_business_id, v_amount, v_coupons, p_idempotency_key, p_request_hash, p_receipt_number, p_actor, p_created_at, p_transfer_id, v_balance, v_forfeited);

	outcome := 'redeemed';
	amount_ore := v_amount;
	balance_ore := v_balance;
	forfeited_ore := v_forfeited;
	RETURN NEXT;
END;
$$;
