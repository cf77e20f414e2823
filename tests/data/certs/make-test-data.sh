#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Regenerates the certificate test data of tests/data/certs with the openssl command line
# (so the tests read certificates that our own issuer did not make). Run from this folder:
#   sh make-test-data.sh
# Good certificates are valid for 100 years from generation; Expired* and NotYetValid* have
# fixed dates (2020, 2120). Passwords: "correct horse".
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
days=36500      # roots; intermediates and leaves get less, so none outlives its issuer
pass="correct horse"

cat > "$work/ext.cnf" <<'CNF'
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[notca]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[nocertsign]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[nosan]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
selfsigned() { # key cn out
    openssl req -new -x509 -key "$1" -subj "/CN=$2" -days $days -sha256 -extensions ca -config "$work/ext.cnf" -out "$3"
}
sign() { # csrkey cn issuercert issuerkey section out
    openssl req -new -key "$1" -subj "/CN=$2" -out "$work/req.csr" -config "$work/ext.cnf" 2>/dev/null
    case "$5" in ca|notca|nocertsign) d=$((days - 100)) ;; *) d=$((days - 200)) ;; esac
    openssl x509 -req -in "$work/req.csr" -CA "$3" -CAkey "$4" -CAcreateserial -days $d -sha256 \
        -extfile "$work/ext.cnf" -extensions "$5" -out "$6" 2>/dev/null
}
# openssl ca is the only 3.0 command that sets explicit dates.
signdated() { # csrkey cn issuercert issuerkey section start end out
    openssl req -new -key "$1" -subj "/CN=$2" -out "$work/req.csr" -config "$work/ext.cnf" 2>/dev/null
    mkdir -p "$work/db"; : > "$work/db/index.txt"; echo 01 > "$work/db/serial"
    cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
dir = $work/db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = p
unique_subject = no
copy_extensions = none
[p]
commonName = supplied
CNF
    openssl ca -batch -notext -config "$work/ca.cnf" -cert "$3" -keyfile "$4" -in "$work/req.csr" \
        -startdate "$6" -enddate "$7" -extfile "$work/ext.cnf" -extensions "$5" -out "$8" 2>/dev/null
}

key RootCa.key; selfsigned RootCa.key "Workbench Test Root" RootCa.pem
key IntermediateCa.key; sign IntermediateCa.key "Workbench Test Intermediate" RootCa.pem RootCa.key ca IntermediateCa.pem
key LeafLocalhost.key; sign LeafLocalhost.key localhost IntermediateCa.pem IntermediateCa.key server LeafLocalhost.pem
cat LeafLocalhost.pem IntermediateCa.pem > ChainLocalhost.pem
cat LeafLocalhost.pem IntermediateCa.pem RootCa.pem > BundleLeafIntermediateRoot.pem
openssl x509 -in LeafLocalhost.pem -outform DER -out LeafLocalhost.der

key OtherRootCa.key; selfsigned OtherRootCa.key "Workbench Other Root" OtherRootCa.pem

key ExpiredLeaf.key
signdated ExpiredLeaf.key localhost RootCa.pem RootCa.key server 20200101000000Z 20210101000000Z ExpiredLeaf.pem
key NotYetValidLeaf.key
signdated NotYetValidLeaf.key localhost RootCa.pem RootCa.key server 21200101000000Z 21210101000000Z NotYetValidLeaf.pem

key NotCaIssuer.key; sign NotCaIssuer.key "Not A CA" RootCa.pem RootCa.key notca NotCaIssuer.pem
key LeafOfNotCa.key; sign LeafOfNotCa.key localhost NotCaIssuer.pem NotCaIssuer.key server LeafOfNotCa.pem
key NoCertSignCa.key; sign NoCertSignCa.key "CA Without keyCertSign" RootCa.pem RootCa.key nocertsign NoCertSignCa.pem
key LeafOfNoCertSignCa.key; sign LeafOfNoCertSignCa.key localhost NoCertSignCa.pem NoCertSignCa.key server LeafOfNoCertSignCa.pem
key ClientOnlyLeaf.key; sign ClientOnlyLeaf.key "client only" RootCa.pem RootCa.key client ClientOnlyLeaf.pem

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out Rsa1024Leaf.key 2>/dev/null
sign Rsa1024Leaf.key "small rsa" RootCa.pem RootCa.key nosan Rsa1024Leaf.pem

# Two CAs that sign each other (a loop for the chain builder).
key CrossA.key; key CrossB.key
openssl req -new -key CrossA.key -subj "/CN=Cross A" -out "$work/a.csr" -config "$work/ext.cnf" 2>/dev/null
openssl req -new -key CrossB.key -subj "/CN=Cross B" -out "$work/b.csr" -config "$work/ext.cnf" 2>/dev/null
openssl req -new -x509 -key CrossB.key -subj "/CN=Cross B" -days $days -extensions ca -config "$work/ext.cnf" -out "$work/b-self.pem"
openssl req -new -x509 -key CrossA.key -subj "/CN=Cross A" -days $days -extensions ca -config "$work/ext.cnf" -out "$work/a-self.pem"
openssl x509 -req -in "$work/a.csr" -CA "$work/b-self.pem" -CAkey CrossB.key -CAcreateserial -days $days -extfile "$work/ext.cnf" -extensions ca -out "$work/a-by-b.pem" 2>/dev/null
openssl x509 -req -in "$work/b.csr" -CA "$work/a-self.pem" -CAkey CrossA.key -CAcreateserial -days $days -extfile "$work/ext.cnf" -extensions ca -out "$work/b-by-a.pem" 2>/dev/null
cat "$work/a-by-b.pem" "$work/b-by-a.pem" > CrossSignedLoop.pem
rm -f CrossA.key CrossB.key

openssl pkcs12 -export -in LeafLocalhost.pem -inkey LeafLocalhost.key -certfile ChainLocalhost.pem \
    -name localhost -passout "pass:$pass" -out LeafLocalhost.p12
openssl pkcs8 -topk8 -in LeafLocalhost.key -v2 aes-256-cbc -passout "pass:$pass" -out EncryptedKey.pem

# Broken inputs.
head -c 400 LeafLocalhost.pem > TruncatedPem.pem
sed '3s/./#/g' LeafLocalhost.pem > CorruptBase64.pem
printf '\060\202\001\000' > DerGarbage.der; head -c 252 /dev/urandom >> DerGarbage.der
head -c 700 LeafLocalhost.p12 > TruncatedPkcs12.p12
rm -f ./*.srl
echo "test data written to $(pwd)"
