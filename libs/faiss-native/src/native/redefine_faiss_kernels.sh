#!/usr/bin/env bash
# Run by the gyp action "faiss_archive" (binding.gyp): copies Debian's libfaiss.a to OUTPUT and, in
# that copy only, renames the hot distance kernels of the member distances_simd.cpp.o to plain C
# names (faiss::fvec_L2sqr -> shoal_generic_fvec_L2sqr, ...). distance_kernels.cc then defines
# the faiss:: names itself and dispatches to AVX2+FMA code or to these renamed generic originals.
#
# Only that one member is touched: objcopy on the whole archive would also rename the references
# in the callers (IndexFlat.cpp.o, ProductQuantizer.cpp.o, ...), which must keep calling faiss::.
# Inside the member, the generic helpers (fvec_L2sqr_ny_ref -> fvec_L2sqr, ...) reference the
# renamed symbols, so the generic path stays entirely generic.
#
# Usage: redefine_faiss_kernels.sh SYSTEM_LIBFAISS_A OUTPUT_A
set -euo pipefail
source_archive=$1
output=$2
member=distances_simd.cpp.o

# Mangled name of the Faiss 1.7.3 symbol = C name of the generic original. Keep in sync with the
# extern "C" declarations and the two kernel tables in distance_kernels.cc.
renames=(
  _ZN5faiss10fvec_L2sqrEPKfS1_m=shoal_generic_fvec_L2sqr
  _ZN5faiss18fvec_inner_productEPKfS1_m=shoal_generic_fvec_inner_product
  _ZN5faiss15fvec_norm_L2sqrEPKfm=shoal_generic_fvec_norm_L2sqr
  _ZN5faiss13fvec_L2sqr_nyEPfPKfS2_mm=shoal_generic_fvec_L2sqr_ny
  _ZN5faiss22fvec_inner_products_nyEPfPKfS2_mm=shoal_generic_fvec_inner_products_ny
  _ZN5faiss21fvec_L2sqr_ny_nearestEPfPKfS2_mm=shoal_generic_fvec_L2sqr_ny_nearest
  _ZN5faiss9fvec_maddEmPKffS1_Pf=shoal_generic_fvec_madd
  _ZN5faiss20fvec_madd_and_argminEmPKffS1_Pf=shoal_generic_fvec_madd_and_argmin
)

fail() {
  echo "redefine_faiss_kernels.sh: $*" >&2
  exit 1
}

mkdir -p "$(dirname "$output")"
work=$(mktemp -d "$output.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$source_archive" "$work/libfaiss.a"
members_before=$(ar t "$work/libfaiss.a" | wc -l)
[[ $(ar t "$work/libfaiss.a" | grep -cx "$member") == 1 ]] || fail "$source_archive must hold exactly one $member"
(cd "$work" && ar x libfaiss.a "$member")

defined=$(nm --defined-only "$work/$member")
redefine=()
for pair in "${renames[@]}"; do
  mangled=${pair%%=*}
  grep -q " T $mangled\$" <<<"$defined" || fail "$member of $source_archive defines no $mangled (not Faiss 1.7.3?)"
  redefine+=(--redefine-sym "$pair")
done
objcopy "${redefine[@]}" "$work/$member"

# Check the result before replacing the member: every old name gone, every new one defined.
defined=$(nm --defined-only "$work/$member")
for pair in "${renames[@]}"; do
  grep -q " T ${pair#*=}\$" <<<"$defined" || fail "objcopy did not define ${pair#*=}"
  ! grep -q " ${pair%%=*}\$" <<<"$defined" || fail "objcopy left ${pair%%=*} defined"
done
# ar r replaces the member in place (same position, same name) and rewrites the symbol index.
(cd "$work" && ar r libfaiss.a "$member")
[[ $(ar t "$work/libfaiss.a" | wc -l) == "$members_before" ]] || fail "member count changed"
mv "$work/libfaiss.a" "$output"
