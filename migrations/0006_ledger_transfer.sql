-- Hand-written (drizzle cannot express functions): platform/ledger's transfer as one
-- SQL function, so a money movement is one round trip to the database, and a module
-- can move money in the same statement that writes its own row (giftcards' redemption).
-- src/platform/ledger/ledger.ts calls it and explains the rules; this is the same
-- transfer the ledger did from Node before, statement for statement:
--   1. the accounts are looked up, and those that do not exist yet created (kinds in
--      p_negative_kinds may go below zero);
--   2. the transfer row, then its entries, two per leg in leg order (from: -amount, to: +amount);
--   3. one guarded UPDATE per account, in code order (byte order, as JavaScript sorts), so two
--      transfers lock shared accounts in the same sequence and never deadlock; a value holder
--      that would go below zero raises SQLSTATE TL001 with {account, balanceOre, requiredOre}
--      as DETAIL, and the caller's statement or transaction rolls back.
-- Returns each account's balance after the transfer.
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
	p_negative_kinds text[]
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
