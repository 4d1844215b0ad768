-- Hand-written (drizzle cannot express functions): spread accounts. A merchant's payable
-- account is credited by every redemption at its tills; with its balance cached on one
-- row, sixteen tills at one business committed one after another, each holding that
-- row's lock until its commit reached the disk. ledger_transfer now takes a list of
-- spread kinds (platform/ledger's spreadKinds): an account of such a kind, which must
-- also be allowed below zero (there is no guard to keep), adds its change to one of 16
-- shard rows in ledger_balance_shards, chosen by the connection's backend pid, and
-- answers NULL for its balance after; every reader of a balance adds the shards
-- (src/platform/ledger/ledger.ts). Guarded accounts work as before. giftcard_redeem
-- passes the list through. Otherwise both functions are those of 0006 and 0007.
DROP FUNCTION giftcard_redeem(uuid, uuid, uuid, uuid, bigint, integer, text, text, text, text, timestamptz, jsonb, uuid, jsonb, text, text, uuid, text, text[]);
--> statement-breakpoint
DROP FUNCTION ledger_transfer(uuid, uuid, text, text, text, jsonb, text[], text[], bigint[], timestamptz, text[]);
--> statement-breakpoint
CREATE FUNCTION ledger_transfer(
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
	v_balance bigint;
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
		-- A spread account (it may go below zero, so nothing to guard) takes the change in
		-- this connection's shard: tills at one business do not wait on one row lock.
		IF split_part(v_code, ':', 1) = ANY (p_spread_kinds) AND split_part(v_code, ':', 1) = ANY (p_negative_kinds) THEN
			INSERT INTO ledger_balance_shards AS s (account_id, shard, city_id, balance_ore)
			VALUES (v_ids[array_position(v_codes, v_code)], (pg_backend_pid() % 16)::smallint, p_city_id, v_delta)
			ON CONFLICT (account_id, shard) DO UPDATE SET balance_ore = s.balance_ore + excluded.balance_ore;
			code := v_code;
			balance_ore := NULL;
			RETURN NEXT;
			CONTINUE;
		END IF;
		UPDATE ledger_accounts a SET balance_ore = a.balance_ore + v_delta
		WHERE a.city_id = p_city_id AND a.code = v_code AND (a.allow_negative OR a.balance_ore + v_delta >= 0)
		RETURNING a.balance_ore INTO v_balance;
		IF NOT FOUND THEN
			SELECT a.balance_ore INTO v_balance FROM ledger_accounts a WHERE a.city_id = p_city_id AND a.code = v_code;
			RAISE EXCEPTION 'ledger: account % holds % öre, % öre needed', v_code, v_balance, -v_delta
				USING ERRCODE = 'TL001', DETAIL = json_build_object('account', v_code, 'balanceOre', v_balance, 'requiredOre', -v_delta)::text;
		END IF;
		code := v_code;
		balance_ore := v_balance;
		RETURN NEXT;
	END LOOP;
END;
$$;
--> statement-breakpoint
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
	p_negative_kinds text[],
	p_spread_kinds text[]
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
		ARRAY[p_card_account], ARRAY[p_merchant_account], ARRAY[p_amount_ore], p_created_at, p_negative_kinds, p_spread_kinds) AS moved
	WHERE moved.code = p_card_account;

	IF p_close_transfer_id IS NOT NULL AND v_balance > 0 THEN
		PERFORM ledger_transfer(p_city_id, p_close_transfer_id, 'giftcard.single_use_close', p_card_id::text, p_actor, '{}'::jsonb,
			ARRAY[p_card_account], ARRAY[p_breakage_account], ARRAY[v_balance], p_created_at, p_negative_kinds, p_spread_kinds);
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
