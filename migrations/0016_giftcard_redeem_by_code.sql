-- Hand-written (drizzle cannot express functions): a redemption in one round trip, and
-- the ledger's common case in fewer, simpler statements.
--
-- ledger_apply: one account's change, guarded (never below zero unless the account may
-- go there; SQLSTATE TL001 otherwise) or, for a spread kind, added to this connection's
-- shard. The body of 0012's loop, now shared by both transfer functions.
--
-- ledger_transfer_one: a transfer of one leg (nearly all of them: a redemption, a
-- payment, a reversal). The general ledger_transfer (0012) resolves accounts through
-- arrays, groups the legs and answers a set, about twelve statements in all; with one leg
-- the same writes take five, and the balances after come back as two values. Accounts
-- that do not exist yet are left to ledger_transfer, which creates them. The accounts
-- are changed in code order (COLLATE "C") as ledger_transfer does, so two transfers
-- never take each other's row locks in opposite orders.
--
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
CREATE FUNCTION ledger_apply(p_account_id uuid, p_code text, p_city_id uuid, p_delta bigint, p_negative_kinds text[], p_spread_kinds text[])
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	v_kind text := split_part(p_code, ':', 1);
	v_balance bigint;
BEGIN
	IF v_kind = ANY (p_spread_kinds) AND v_kind = ANY (p_negative_kinds) THEN
		INSERT INTO ledger_balance_shards AS s (account_id, shard, city_id, balance_ore)
		VALUES (p_account_id, (pg_backend_pid() % 16)::smallint, p_city_id, p_delta)
		ON CONFLICT (account_id, shard) DO UPDATE SET balance_ore = s.balance_ore + excluded.balance_ore;
		RETURN NULL;
	END IF;
	UPDATE ledger_accounts a SET balance_ore = a.balance_ore + p_delta
	WHERE a.id = p_account_id AND (a.allow_negative OR a.balance_ore + p_delta >= 0)
	RETURNING a.balance_ore INTO v_balance;
	IF NOT FOUND THEN
		SELECT a.balance_ore INTO v_balance FROM ledger_accounts a WHERE a.id = p_account_id;
		RAISE EXCEPTION 'ledger: account % holds % öre, % öre needed', p_code, v_balance, -p_delta
			USING ERRCODE = 'TL001', DETAIL = json_build_object('account', p_code, 'balanceOre', v_balance, 'requiredOre', -p_delta)::text;
	END IF;
	RETURN v_balance;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ledger_transfer(
	p_city_id uuid,
	p_transfer_id uuid,
	p_kind text,
	p_reference text,
	p_actor text,
	p_memo jsonb,
	p_from text[],
	p_to text[],
	p_amounts bigint[],
	p_created_at timestamptz,
	p_negative_kinds text[],
	p_spread_kinds text[]
) RETURNS TABLE (code text, balance_ore bigint)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
	v_codes text[];
	v_ids uuid[];
	v_code text;
	v_delta bigint;
BEGIN
	-- The accounts by their unique (city, code) index; the missing ones are created.
	SELECT array_agg(a.code), array_agg(a.id) INTO v_codes, v_ids
	FROM ledger_accounts a WHERE a.city_id = p_city_id AND a.code = ANY (p_from || p_to);
	IF coalesce(cardinality(v_codes), 0) < (SELECT count(DISTINCT c) FROM unnest(p_from || p_to) AS c) THEN
		INSERT INTO ledger_accounts (city_id, code, kind, allow_negative, created_at)
		SELECT p_city_id, wanted.code, split_part(wanted.code, ':', 1), split_part(wanted.code, ':', 1) = ANY (p_negative_kinds), p_created_at
		FROM (SELECT DISTINCT unnest(p_from || p_to) AS code) wanted
		WHERE wanted.code <> ALL (coalesce(v_codes, '{}'))
		ON CONFLICT (city_id, code) DO NOTHING;
		SELECT array_agg(a.code), array_agg(a.id) INTO v_codes, v_ids
		FROM ledger_accounts a WHERE a.city_id = p_city_id AND a.code = ANY (p_from || p_to);
	END IF;

	INSERT INTO ledger_transfers (id, city_id, kind, reference, actor, memo, created_at)
	VALUES (p_transfer_id, p_city_id, p_kind, p_reference, p_actor, p_memo, p_created_at);

	INSERT INTO ledger_entries (transfer_id, account_id, city_id, amount_ore)
	SELECT p_transfer_id, account.id, p_city_id, side.amount_ore
	FROM unnest(p_from, p_to, p_amounts) WITH ORDINALITY AS leg (from_code, to_code, amount_ore, n)
	CROSS JOIN LATERAL (VALUES (1, leg.from_code, -leg.amount_ore), (2, leg.to_code, leg.amount_ore)) AS side (k, code, amount_ore)
	JOIN unnest(v_codes, v_ids) AS account (code, id) ON account.code = side.code
	ORDER BY leg.n, side.k;

	FOR v_code, v_delta IN
		SELECT side.code, sum(side.amount_ore)::bigint
		FROM unnest(p_from, p_to, p_amounts) AS leg (from_code, to_code, amount_ore)
		CROSS JOIN LATERAL (VALUES (leg.from_code, -leg.amount_ore), (leg.to_code, leg.amount_ore)) AS side (code, amount_ore)
		GROUP BY side.code
		ORDER BY side.code COLLATE "C"
	LOOP
		code := v_code;
		balance_ore := ledger_apply(v_ids[array_position(v_codes, v_code)], v_code, p_city_id, v_delta, p_negative_kinds, p_spread_kinds);
		RETURN NEXT;
	END LOOP;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_transfer_one(
	p_city_id uuid, p_transfer_id uuid, p_kind text, p_reference text, p_actor text, p_memo jsonb,
	p_from text, p_to text, p_amount bigint, p_created_at timestamptz, p_negative_kinds text[], p_spread_kinds text[],
	OUT from_balance_ore bigint, OUT to_balance_ore bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	v_from_id uuid;
	v_to_id uuid;
BEGIN
	SELECT max(a.id::text) FILTER (WHERE a.code = p_from)::uuid, max(a.id::text) FILTER (WHERE a.code = p_to)::uuid
	INTO v_from_id, v_to_id
	FROM ledger_accounts a WHERE a.city_id = p_city_id AND a.code IN (p_from, p_to);
	IF v_from_id IS NULL OR v_to_id IS NULL THEN
		SELECT max(m.balance_ore) FILTER (WHERE m.code = p_from), max(m.balance_ore) FILTER (WHERE m.code = p_to)
		INTO from_balance_ore, to_balance_ore
		FROM ledger_transfer(p_city_id, p_transfer_id, p_kind, p_reference, p_actor, p_memo, ARRAY[p_from], ARRAY[p_to], ARRAY[p_amount], p_created_at, p_negative_kinds, p_spread_kinds) AS m;
		RETURN;
	END IF;
	INSERT INTO ledger_transfers (id, city_id, kind, reference, actor, memo, created_at)
	VALUES (p_transfer_id, p_city_id, p_kind, p_reference, p_actor, p_memo, p_created_at);
	INSERT INTO ledger_entries (transfer_id, account_id, city_id, amount_ore)
	VALUES (p_transfer_id, v_from_id, p_city_id, -p_amount), (p_transfer_id, v_to_id, p_city_id, p_amount);
	IF p_from COLLATE "C" < p_to COLLATE "C" THEN
		from_balance_ore := ledger_apply(v_from_id, p_from, p_city_id, -p_amount, p_negative_kinds, p_spread_kinds);
		to_balance_ore := ledger_apply(v_to_id, p_to, p_city_id, p_amount, p_negative_kinds, p_spread_kinds);
	ELSE
		to_balance_ore := ledger_apply(v_to_id, p_to, p_city_id, p_amount, p_negative_kinds, p_spread_kinds);
		from_balance_ore := ledger_apply(v_from_id, p_from, p_city_id, -p_amount, p_negative_kinds, p_spread_kinds);
	END IF;
END;
$$;
--> statement-breakpoint
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
	SELECT moved.from_balance_ore INTO v_balance
	FROM ledger_transfer_one(p_city_id, p_transfer_id, 'giftcard.redeem', p_redemption_id::text, p_actor,
		jsonb_build_object('businessId', p_business_id, 'card', v_card.id),
		v_account, p_merchant_account, v_amount, p_created_at, p_negative_kinds, p_spread_kinds) AS moved;

	IF v_card.product_id = ANY (p_single_use_products) AND v_balance > 0 THEN
		PERFORM ledger_transfer_one(p_city_id, p_close_transfer_id, 'giftcard.single_use_close', v_card.id::text, p_actor, '{}'::jsonb,
			v_account, p_breakage_account, v_balance, p_created_at, p_negative_kinds, p_spread_kinds);
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
