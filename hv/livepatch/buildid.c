/*
 * Build-id rules. A payload names the hypervisor it was built against
 * (.livepatch.xen_depends, mandatory, checked at upload) and, when stacked,
 * the payload it sits on (.livepatch.depends, checked at apply against the
 * top of the applied stack, or against the hypervisor when nothing is
 * applied).
 */
#include "payload.h"

static int copy_note(const struct lp_elf *elf, const char *secname, struct lp_build_id *out)
{
	const uint8_t *id;
	uint32_t len;
	int rc = lp_elf_build_id(elf, lp_elf_find(elf, secname), &id, &len);

	if (rc)
		return rc;
	memcpy(out->bytes, id, len);
	out->len = len;
	return 0;
}

void lp_format_build_id(const struct lp_build_id *id, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (uint32_t i = 0; i < id->len && o + 2 < outlen; i++) {
		out[o++] = hex[id->bytes[i] >> 4];
		out[o++] = hex[id->bytes[i] & 15];
	}
	if (outlen)
		out[o < outlen ? o : outlen - 1] = 0;
}

static bool same_id(const struct lp_build_id *a, const uint8_t *b, uint32_t blen)
{
	return a->len == blen && !memcmp(a->bytes, b, blen);
}

int lp_check_hv_build_id(const struct hv_payload *p)
{
	const uint8_t *hv;
	uint32_t hvlen;
	char want[2 * LP_BUILD_ID_MAX + 1], have[2 * LP_BUILD_ID_MAX + 1];
	struct lp_build_id hvid = { .len = 0 };

	if (lp_host_build_id(&hv, &hvlen) || hvlen == 0 || hvlen > LP_BUILD_ID_MAX) {
		lp_err(p->name, "the hypervisor has no usable build-id to check against");
		return -ENOKEY;
	}
	if (same_id(&p->hv_dep, hv, hvlen))
		return 0;
	memcpy(hvid.bytes, hv, hvlen);
	hvid.len = hvlen;
	lp_format_build_id(&p->hv_dep, want, sizeof(want));
	lp_format_build_id(&hvid, have, sizeof(have));
	lp_err(p->name, "built for hypervisor build-id %s, running %s", want, have);
	return -EILSEQ;
}

/*
 * Depends are matched by build-id, so two loaded payloads with one id would
 * make "the payload this one sits on" ambiguous. Xen refuses it too.
 */
static int check_unique(const struct hv_payload *p)
{
	char id[2 * LP_BUILD_ID_MAX + 1];

	for (const struct hv_payload *q = lp_payloads; q; q = q->next) {
		if (!same_id(&q->id, p->id.bytes, p->id.len))
			continue;
		lp_format_build_id(&p->id, id, sizeof(id));
		lp_err(p->name, "build-id %s is already loaded as %s", id, q->name);
		return -EEXIST;
	}
	return 0;
}

/* Called with lp_lock held (the uniqueness check walks the registry). */
int lp_read_build_ids(struct hv_payload *p, const struct lp_elf *elf)
{
	int rc = copy_note(elf, LIVEPATCH_SEC_BUILD_ID, &p->id);

	if (rc == -ENODATA)
		lp_err(p->name, "no %s note: a payload must carry its own build-id",
		       LIVEPATCH_SEC_BUILD_ID);
	if (!rc)
		rc = check_unique(p);
	if (rc)
		return rc;
	rc = copy_note(elf, LIVEPATCH_SEC_HV_DEPENDS, &p->hv_dep);
	if (rc == -ENODATA)
		lp_err(p->name, "no %s section: the hypervisor build-id it was built for is mandatory",
		       LIVEPATCH_SEC_HV_DEPENDS);
	if (rc)
		return rc;
	rc = copy_note(elf, LIVEPATCH_SEC_DEPENDS, &p->dep);
	if (rc && rc != -ENODATA)
		return rc;
	return lp_check_hv_build_id(p);
}

/* `top` is the topmost applied payload, or NULL when nothing is applied. */
int lp_check_depends(const struct hv_payload *p, const struct hv_payload *top)
{
	char want[2 * LP_BUILD_ID_MAX + 1], have[2 * LP_BUILD_ID_MAX + 1];
	const uint8_t *hv;
	uint32_t hvlen;

	if (!top) {
		if (!p->dep.len)
			return 0;
		if (!lp_host_build_id(&hv, &hvlen) && same_id(&p->dep, hv, hvlen))
			return 0;
		lp_format_build_id(&p->dep, want, sizeof(want));
		lp_err(p->name, "depends on build-id %s, which is neither the hypervisor nor applied",
		       want);
		return -ENOLINK;
	}
	if (!p->dep.len) {
		lp_err(p->name, "would sit on %s but carries no %s (use the nodeps flag to override)",
		       top->name, LIVEPATCH_SEC_DEPENDS);
		return -ENOLINK;
	}
	if (same_id(&p->dep, top->id.bytes, top->id.len))
		return 0;
	lp_format_build_id(&p->dep, want, sizeof(want));
	lp_format_build_id(&top->id, have, sizeof(have));
	lp_err(p->name, "depends on build-id %s but the top of the stack is %s (%s)", want,
	       top->name, have);
	return -ENOLINK;
}
