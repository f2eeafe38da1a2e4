// Real tool output used as inline fixtures by the port-scanner import tests (not tests themselves).
// Produced on the development machine against 127.0.0.1 only, with Debian's nmap 7.93 and throwaway local
// listeners: vsftpd (anonymous on 2121), sshd (2222), `openssl s_server -cipher 'ALL:@SECLEVEL=0' -www`
// (4433), redis-server without a password (6379), `python3 -m http.server` (8000), memcached (11211),
// snmpd with `rocommunity public` (udp 1161).

/**
 * nmap -sV -Pn -p 2121,2222,4433,6379,8000,11211 --script ssl-enum-ciphers,ssl-cert,ssh2-enum-algos,sshv1,
 * ftp-anon,redis-info,memcached-info,http-title,banner -oX local-tcp.xml 127.0.0.1 (verbatim).
 */
export const NMAP_LOCAL_TCP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.93 scan initiated Fri Nov 27 08:14:34 2026 as: nmap -sV -Pn -p 2121,2222,4433,6379,8000,11211 -&#45;script ssl-enum-ciphers,ssl-cert,ssh2-enum-algos,sshv1,ftp-anon,redis-info,memcached-info,http-title,banner -oX local-tcp.xml -oG local-tcp.gnmap -oN local-tcp.nmap 127.0.0.1 -->
<nmaprun scanner="nmap" args="nmap -sV -Pn -p 2121,2222,4433,6379,8000,11211 -&#45;script ssl-enum-ciphers,ssl-cert,ssh2-enum-algos,sshv1,ftp-anon,redis-info,memcached-info,http-title,banner -oX local-tcp.xml -oG local-tcp.gnmap -oN local-tcp.nmap 127.0.0.1" start="1795767274" startstr="Fri Nov 27 08:14:34 2026" version="7.93" xmloutputversion="1.05">
<scaninfo type="syn" protocol="tcp" numservices="6" services="2121,2222,4433,6379,8000,11211"/>
<verbose level="0"/>
<debugging level="0"/>
<host starttime="1795767274" endtime="1795767323"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="127.0.0.1" addrtype="ipv4"/>
<hostnames>
<hostname name="localhost" type="PTR"/>
</hostnames>
<ports><port protocol="tcp" portid="2121"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ftp" product="vsftpd" version="2.0.8 or later" hostname="Portcullis" method="probed" conf="10"><cpe>cpe:/a:vsftpd:vsftpd</cpe></service><script id="ftp-anon" output="Anonymous FTP login allowed (FTP code 230)"/><script id="banner" output="220 Portcullis test FTP &lt;b&gt;hello&lt;/b&gt;"/></port>
<port protocol="tcp" portid="2222"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ssh" product="OpenSSH" version="9.2p1 Debian 2+deb12u10" extrainfo="protocol 2.0" ostype="Linux" method="probed" conf="10"><cpe>cpe:/a:openbsd:openssh:9.2p1</cpe><cpe>cpe:/o:linux:linux_kernel</cpe></service><script id="ssh2-enum-algos" output="&#xa;  kex_algorithms: (12)&#xa;      sntrup761x25519-sha512&#xa;      sntrup761x25519-sha512@openssh.com&#xa;      curve25519-sha256&#xa;      curve25519-sha256@libssh.org&#xa;      ecdh-sha2-nistp256&#xa;      ecdh-sha2-nistp384&#xa;      ecdh-sha2-nistp521&#xa;      diffie-hellman-group-exchange-sha256&#xa;      diffie-hellman-group16-sha512&#xa;      diffie-hellman-group18-sha512&#xa;      diffie-hellman-group14-sha256&#xa;      kex-strict-s-v00@openssh.com&#xa;  server_host_key_algorithms: (3)&#xa;      ssh-ed25519&#xa;      rsa-sha2-512&#xa;      rsa-sha2-256&#xa;  encryption_algorithms: (6)&#xa;      chacha20-poly1305@openssh.com&#xa;      aes128-ctr&#xa;      aes192-ctr&#xa;      aes256-ctr&#xa;      aes128-gcm@openssh.com&#xa;      aes256-gcm@openssh.com&#xa;  mac_algorithms: (10)&#xa;      umac-64-etm@openssh.com&#xa;      umac-128-etm@openssh.com&#xa;      hmac-sha2-256-etm@openssh.com&#xa;      hmac-sha2-512-etm@openssh.com&#xa;      hmac-sha1-etm@openssh.com&#xa;      umac-64@openssh.com&#xa;      umac-128@openssh.com&#xa;      hmac-sha2-256&#xa;      hmac-sha2-512&#xa;      hmac-sha1&#xa;  compression_algorithms: (2)&#xa;      none&#xa;      zlib@openssh.com"><table key="kex_algorithms">
<elem>sntrup761x25519-sha512</elem>
<elem>sntrup761x25519-sha512@openssh.com</elem>
<elem>curve25519-sha256</elem>
<elem>curve25519-sha256@libssh.org</elem>
<elem>ecdh-sha2-nistp256</elem>
<elem>ecdh-sha2-nistp384</elem>
<elem>ecdh-sha2-nistp521</elem>
<elem>diffie-hellman-group-exchange-sha256</elem>
<elem>diffie-hellman-group16-sha512</elem>
<elem>diffie-hellman-group18-sha512</elem>
<elem>diffie-hellman-group14-sha256</elem>
<elem>kex-strict-s-v00@openssh.com</elem>
</table>
<table key="server_host_key_algorithms">
<elem>ssh-ed25519</elem>
<elem>rsa-sha2-512</elem>
<elem>rsa-sha2-256</elem>
</table>
<table key="encryption_algorithms">
<elem>chacha20-poly1305@openssh.com</elem>
<elem>aes128-ctr</elem>
<elem>aes192-ctr</elem>
<elem>aes256-ctr</elem>
<elem>aes128-gcm@openssh.com</elem>
<elem>aes256-gcm@openssh.com</elem>
</table>
<table key="mac_algorithms">
<elem>umac-64-etm@openssh.com</elem>
<elem>umac-128-etm@openssh.com</elem>
<elem>hmac-sha2-256-etm@openssh.com</elem>
<elem>hmac-sha2-512-etm@openssh.com</elem>
<elem>hmac-sha1-etm@openssh.com</elem>
<elem>umac-64@openssh.com</elem>
<elem>umac-128@openssh.com</elem>
<elem>hmac-sha2-256</elem>
<elem>hmac-sha2-512</elem>
<elem>hmac-sha1</elem>
</table>
<table key="compression_algorithms">
<elem>none</elem>
<elem>zlib@openssh.com</elem>
</table>
</script><script id="banner" output="SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10"/></port>
<port protocol="tcp" portid="4433"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http" product="OpenSSL s_server -www httpd" extrainfo="command line: s_server -accept 127.0.0.1:4433 -cert c.pem -key k.pem -cipher ALL:@SECLEVEL=0 -www" tunnel="ssl" method="probed" conf="10"><cpe>cpe:/a:openssl:openssl</cpe></service><script id="ssl-enum-ciphers" output="&#xa;  TLSv1.0: &#xa;    ciphers: &#xa;      TLS_DHE_RSA_WITH_AES_128_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA (dh 2048) - A&#xa;      TLS_DH_anon_WITH_AES_128_CBC_SHA (dh 1024) - F&#xa;      TLS_DH_anon_WITH_AES_256_CBC_SHA (dh 3072) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA (dh 1024) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA (dh 3072) - F&#xa;      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (secp256r1) - A&#xa;      TLS_ECDH_anon_WITH_AES_128_CBC_SHA (secp256r1) - F&#xa;      TLS_ECDH_anon_WITH_AES_256_CBC_SHA (secp256r1) - F&#xa;      TLS_RSA_WITH_AES_128_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_128_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_256_CBC_SHA (rsa 2048) - A&#xa;    compressors: &#xa;      NULL&#xa;    cipher preference: client&#xa;    warnings: &#xa;      Anonymous key exchange, score capped at F&#xa;  TLSv1.1: &#xa;    ciphers: &#xa;      TLS_DHE_RSA_WITH_AES_128_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA (dh 2048) - A&#xa;      TLS_DH_anon_WITH_AES_128_CBC_SHA (dh 1024) - F&#xa;      TLS_DH_anon_WITH_AES_256_CBC_SHA (dh 3072) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA (dh 1024) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA (dh 3072) - F&#xa;      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (secp256r1) - A&#xa;      TLS_ECDH_anon_WITH_AES_128_CBC_SHA (secp256r1) - F&#xa;      TLS_ECDH_anon_WITH_AES_256_CBC_SHA (secp256r1) - F&#xa;      TLS_RSA_WITH_AES_128_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_128_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_256_CBC_SHA (rsa 2048) - A&#xa;    compressors: &#xa;      NULL&#xa;    cipher preference: client&#xa;    warnings: &#xa;      Anonymous key exchange, score capped at F&#xa;  TLSv1.2: &#xa;    ciphers: &#xa;      TLS_DHE_RSA_WITH_AES_128_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_128_CBC_SHA256 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_128_CCM (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_128_CCM_8 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_CBC_SHA256 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_CCM (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_CCM_8 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256 (dh 2048) - A&#xa;      TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (dh 2048) - A&#xa;      TLS_DH_anon_WITH_AES_128_CBC_SHA (dh 1024) - F&#xa;      TLS_DH_anon_WITH_AES_128_CBC_SHA256 (dh 1024) - F&#xa;      TLS_DH_anon_WITH_AES_128_GCM_SHA256 (dh 1024) - F&#xa;      TLS_DH_anon_WITH_AES_256_CBC_SHA (dh 3072) - F&#xa;      TLS_DH_anon_WITH_AES_256_CBC_SHA256 (dh 3072) - F&#xa;      TLS_DH_anon_WITH_AES_256_GCM_SHA384 (dh 3072) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA (dh 1024) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256 (dh 1024) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA (dh 3072) - F&#xa;      TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256 (dh 3072) - F&#xa;      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384 (secp256r1) - A&#xa;      TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 (secp256r1) - A&#xa;      TLS_ECDH_anon_WITH_AES_128_CBC_SHA (secp256r1) - F&#xa;      TLS_ECDH_anon_WITH_AES_256_CBC_SHA (secp256r1) - F&#xa;      TLS_RSA_WITH_AES_128_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_128_CBC_SHA256 (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_128_CCM (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_128_CCM_8 (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_128_GCM_SHA256 (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_CBC_SHA256 (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_CCM (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_CCM_8 (rsa 2048) - A&#xa;      TLS_RSA_WITH_AES_256_GCM_SHA384 (rsa 2048) - A&#xa;      TLS_RSA_WITH_ARIA_128_GCM_SHA256 (rsa 2048) - A&#xa;      TLS_RSA_WITH_ARIA_256_GCM_SHA384 (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_128_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256 (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_256_CBC_SHA (rsa 2048) - A&#xa;      TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256 (rsa 2048) - A&#xa;    compressors: &#xa;      NULL&#xa;    cipher preference: client&#xa;    warnings: &#xa;      Anonymous key exchange, score capped at F&#xa;  TLSv1.3: &#xa;    ciphers: &#xa;      TLS_AKE_WITH_AES_128_GCM_SHA256 (ecdh_x25519) - A&#xa;      TLS_AKE_WITH_AES_256_GCM_SHA384 (ecdh_x25519) - A&#xa;      TLS_AKE_WITH_CHACHA20_POLY1305_SHA256 (ecdh_x25519) - A&#xa;    cipher preference: client&#xa;  least strength: F"><table key="TLSv1.0">
<table key="ciphers">
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDH_anon_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDH_anon_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
</table>
<table key="compressors">
<elem>NULL</elem>
</table>
<elem key="cipher preference">client</elem>
<table key="warnings">
<elem>Anonymous key exchange, score capped at F</elem>
</table>
</table>
<table key="TLSv1.1">
<table key="ciphers">
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDH_anon_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDH_anon_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
</table>
<table key="compressors">
<elem>NULL</elem>
</table>
<elem key="cipher preference">client</elem>
<table key="warnings">
<elem>Anonymous key exchange, score capped at F</elem>
</table>
</table>
<table key="TLSv1.2">
<table key="ciphers">
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_CCM</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_CCM_8</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_CCM</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_CCM_8</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_AES_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">dh 2048</elem>
<elem key="name">TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_AES_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_AES_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_AES_256_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_AES_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 1024</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">dh 3072</elem>
<elem key="name">TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDH_anon_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">F</elem>
<elem key="kex_info">secp256r1</elem>
<elem key="name">TLS_ECDH_anon_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_CCM</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_CCM_8</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_CCM</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_CCM_8</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_AES_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_ARIA_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_ARIA_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_128_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_256_CBC_SHA</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">rsa 2048</elem>
<elem key="name">TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256</elem>
</table>
</table>
<table key="compressors">
<elem>NULL</elem>
</table>
<elem key="cipher preference">client</elem>
<table key="warnings">
<elem>Anonymous key exchange, score capped at F</elem>
</table>
</table>
<table key="TLSv1.3">
<table key="ciphers">
<table>
<elem key="strength">A</elem>
<elem key="kex_info">ecdh_x25519</elem>
<elem key="name">TLS_AKE_WITH_AES_128_GCM_SHA256</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">ecdh_x25519</elem>
<elem key="name">TLS_AKE_WITH_AES_256_GCM_SHA384</elem>
</table>
<table>
<elem key="strength">A</elem>
<elem key="kex_info">ecdh_x25519</elem>
<elem key="name">TLS_AKE_WITH_CHACHA20_POLY1305_SHA256</elem>
</table>
</table>
<elem key="cipher preference">client</elem>
</table>
<elem key="least strength">F</elem>
</script><script id="ssl-cert" output="Subject: commonName=localhost/organizationName=Portcullis Test&#xa;Issuer: commonName=localhost/organizationName=Portcullis Test&#xa;Public Key type: rsa&#xa;Public Key bits: 2048&#xa;Signature Algorithm: sha256WithRSAEncryption&#xa;Not valid before: 2026-11-27T08:14:30&#xa;Not valid after:  2026-12-27T08:14:30&#xa;MD5:   dffff5d51aa8e8c486385b812df81b0e&#xa;SHA-1: f1391d93ceacf9de9d18ccc2c560cb6786301f1c"><table key="subject">
<elem key="commonName">localhost</elem>
<elem key="organizationName">Portcullis Test</elem>
</table>
<table key="issuer">
<elem key="commonName">localhost</elem>
<elem key="organizationName">Portcullis Test</elem>
</table>
<table key="pubkey">
<elem key="type">rsa</elem>
<elem key="bits">2048</elem>
<elem key="modulus">8E3E72A9586BB223A17ACDD4D337648CE04F14951F3EE950788CCE167E8DC79C9A90C35A65FB042BB13AE0C33A75CA414ED9D89486E5A0158B630AB6E7A2C123CCFEF072D137413427C8AF91ED7761A7A3FFA5D9570E33018C2BCAF60314835BEE886C470C82BF70590BC00C1B1FEB5262B354B4EEA181A74EB779B54EA751B3A227F44EDE9E5973E6911D242806817B307E985D1FFCDE47B2621CE456EA22780EB801F2F6C80C34BA7FC1D869B32CC401136D7028D4BBAC39FF25C85800A0C81388F2E6781B8B8D3A17C9CAC159382AB00329D4F18B89EE8A50D51050410F408E6E1169BDD2632A80FEBAA0A5C52A0FE8DB2A9FCA87C982B5DE4D38D724EA97</elem>
<elem key="exponent">65537</elem>
</table>
<table key="extensions">
<table>
<elem key="name">X509v3 Subject Key Identifier</elem>
<elem key="value">CF:E2:73:3C:54:B8:39:24:46:14:86:BE:86:95:C4:B7:5E:FC:D2:A2</elem>
</table>
<table>
<elem key="name">X509v3 Authority Key Identifier</elem>
<elem key="value">CF:E2:73:3C:54:B8:39:24:46:14:86:BE:86:95:C4:B7:5E:FC:D2:A2</elem>
</table>
<table>
<elem key="name">X509v3 Basic Constraints</elem>
<elem key="value">CA:TRUE</elem>
<elem key="critical">true</elem>
</table>
</table>
<elem key="sig_algo">sha256WithRSAEncryption</elem>
<table key="validity">
<elem key="notBefore">2026-11-27T08:14:30</elem>
<elem key="notAfter">2026-12-27T08:14:30</elem>
</table>
<elem key="md5">dffff5d51aa8e8c486385b812df81b0e</elem>
<elem key="sha1">f1391d93ceacf9de9d18ccc2c560cb6786301f1c</elem>
<elem key="pem">-&#45;&#45;&#45;&#45;BEGIN CERTIFICATE-&#45;&#45;&#45;&#45;&#xa;MIIDPTCCAiWgAwIBAgIUNVCFcwtU31JK2hqxdX/kfJfAb38wDQYJKoZIhvcNAQEL&#xa;BQAwLjESMBAGA1UEAwwJbG9jYWxob3N0MRgwFgYDVQQKDA9Qb3J0Y3VsbGlzIFRl&#xa;c3QwHhcNMjYxMTI3MDgxNDMwWhcNMjYxMjI3MDgxNDMwWjAuMRIwEAYDVQQDDAls&#xa;b2NhbGhvc3QxGDAWBgNVBAoMD1BvcnRjdWxsaXMgVGVzdDCCASIwDQYJKoZIhvcN&#xa;AQEBBQADggEPADCCAQoCggEBAI4+cqlYa7IjoXrN1NM3ZIzgTxSVHz7pUHiMzhZ+&#xa;jcecmpDDWmX7BCuxOuDDOnXKQU7Z2JSG5aAVi2MKtueiwSPM/vBy0TdBNCfIr5Ht&#xa;d2Gno/+l2VcOMwGMK8r2AxSDW+6IbEcMgr9wWQvADBsf61Jis1S07qGBp063ebVO&#xa;p1Gzoif0Tt6eWXPmkR0kKAaBezB+mF0f/N5HsmIc5FbqIngOuAHy9sgMNLp/wdhp&#xa;syzEARNtcCjUu6w5/yXIWACgyBOI8uZ4G4uNOhfJysFZOCqwAynU8YuJ7opQ1RBQ&#xa;QQ9Ajm4Rab3SYyqA/rqgpcUqD+jbKp/Kh8mCtd5NONck6pcCAwEAAaNTMFEwHQYD&#xa;VR0OBBYEFM/iczxUuDkkRhSGvoaVxLde/NKiMB8GA1UdIwQYMBaAFM/iczxUuDkk&#xa;RhSGvoaVxLde/NKiMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEB&#xa;AGCeNRkUYSJ+TnleZg9BlG7jKN6jht771QkhzzNQhMurU35Omv6z0boTyKTnsH7N&#xa;Ve3Z04r0FVQT2KjUbazzz6AWM+ckZ8lP2gau63rp75O8eascHgE8zaR7HSUFKAfh&#xa;bzr9JNGSUW8oAJbu7tf/GqegE3+5QAylbSNhwyrtqQoHIYER/XMX7tTSEZpHObPf&#xa;d+8exj9yqrq0CVrPp2ulwDd0lg2bA4ZJk8UKWTTh4t4XqtJr74QUiyimRlvihAx+&#xa;lKJGOmgJEDWysKuQFyQwOU7GRR1QMTkBKiBgTD97ZsbvmgzBOCyA1cGJxBbWkkFz&#xa;pk+KOGPb+hU6ZBnF+V3hhSU=&#xa;-&#45;&#45;&#45;&#45;END CERTIFICATE-&#45;&#45;&#45;&#45;&#xa;</elem>
</script></port>
<port protocol="tcp" portid="6379"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="redis" product="Redis key-value store" version="7.0.15" extrainfo="64 bits" method="probed" conf="10"><cpe>cpe:/a:redislabs:redis:7.0.15</cpe><cpe>cpe:/a:redis:redis:7.0.15</cpe></service><script id="redis-info" output="&#xa;  Version: 7.0.15&#xa;  Operating System: Linux 6.18.44-fc-v669 x86_64&#xa;  Architecture: 64 bits&#xa;  Process ID: 2608&#xa;  Used CPU (sys): 0.006259&#xa;  Used CPU (user): 0.020094&#xa;  Connected clients: 2&#xa;  Connected slaves: 0&#xa;  Used memory: 936.59K&#xa;  Role: master&#xa;  Bind addresses: &#xa;    127.0.0.1&#xa;  Client connections: &#xa;    127.0.0.1"><elem key="Version">7.0.15</elem>
<elem key="Operating System">Linux 6.18.44-fc-v669 x86_64</elem>
<elem key="Architecture">64 bits</elem>
<elem key="Process ID">2608</elem>
<elem key="Used CPU (sys)">0.006259</elem>
<elem key="Used CPU (user)">0.020094</elem>
<elem key="Connected clients">2</elem>
<elem key="Connected slaves">0</elem>
<elem key="Used memory">936.59K</elem>
<elem key="Role">master</elem>
<table key="Bind addresses">
<elem>127.0.0.1</elem>
</table>
<table key="Client connections">
<elem>127.0.0.1</elem>
</table>
</script></port>
<port protocol="tcp" portid="8000"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="http" product="SimpleHTTPServer" version="0.6" extrainfo="Python 3.11.7" method="probed" conf="10"><cpe>cpe:/a:python:simplehttpserver:0.6</cpe></service><script id="http-server-header" output="SimpleHTTP/0.6 Python/3.11.7"><elem>SimpleHTTP/0.6 Python/3.11.7</elem>
</script><script id="http-title" output="Directory listing for /"><elem key="title">Directory listing for /</elem>
</script></port>
<port protocol="tcp" portid="11211"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="memcached" product="Memcached" version="1.6.18" extrainfo="uptime 12 seconds" method="probed" conf="10"><cpe>cpe:/a:memcached:memcached:1.6.18</cpe></service><script id="memcached-info" output="&#xa;  Process ID: 2610&#xa;  Uptime: 23 seconds&#xa;  Server time: 2026-11-27T08:14:51&#xa;  Architecture: 64 bit&#xa;  Used CPU (user): 0.006922&#xa;  Used CPU (system): 0.000000&#xa;  Current connections: 2&#xa;  Total connections: 4&#xa;  Maximum connections: 1024&#xa;  TCP Port: 11211&#xa;  UDP Port: 0&#xa;  Authentication: no"><elem key="Process ID">2610</elem>
<elem key="Uptime">23 seconds</elem>
<elem key="Server time">2026-11-27T08:14:51</elem>
<elem key="Architecture">64 bit</elem>
<elem key="Used CPU (user)">0.006922</elem>
<elem key="Used CPU (system)">0.000000</elem>
<elem key="Current connections">2</elem>
<elem key="Total connections">4</elem>
<elem key="Maximum connections">1024</elem>
<elem key="TCP Port">11211</elem>
<elem key="UDP Port">0</elem>
<elem key="Authentication">no</elem>
</script></port>
</ports>
<times srtt="25" rttvar="1209" to="100000"/>
</host>
<runstats><finished time="1795767323" timestr="Fri Nov 27 08:15:23 2026" summary="Nmap done at Fri Nov 27 08:15:23 2026; 1 IP address (1 host up) scanned in 48.98 seconds" elapsed="48.98" exit="success"/><hosts up="1" down="0" total="1"/>
</runstats>
</nmaprun>
`;

/** nmap -sU -sV -Pn -p 1161 --script snmp-info,snmp-sysdescr -oX local-udp.xml 127.0.0.1 (verbatim). */
export const NMAP_LOCAL_UDP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.93 scan initiated Fri Nov 27 08:15:23 2026 as: nmap -sU -sV -Pn -p 1161 -&#45;script snmp-info,snmp-sysdescr -oX local-udp.xml -oG local-udp.gnmap 127.0.0.1 -->
<nmaprun scanner="nmap" args="nmap -sU -sV -Pn -p 1161 -&#45;script snmp-info,snmp-sysdescr -oX local-udp.xml -oG local-udp.gnmap 127.0.0.1" start="1795767323" startstr="Fri Nov 27 08:15:23 2026" version="7.93" xmloutputversion="1.05">
<scaninfo type="udp" protocol="udp" numservices="1" services="1161"/>
<verbose level="0"/>
<debugging level="0"/>
<host starttime="1795767323" endtime="1795767368"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="127.0.0.1" addrtype="ipv4"/>
<hostnames>
<hostname name="localhost" type="PTR"/>
</hostnames>
<ports><port protocol="udp" portid="1161"><state state="open" reason="udp-response" reason_ttl="0"/><service name="snmp" product="SNMPv1 server; net-snmp SNMPv3 server" extrainfo="public" hostname="vm" method="probed" conf="10"/><script id="snmp-info" output="&#xa;  enterprise: net-snmp&#xa;  engineIDFormat: unknown&#xa;  engineIDData: 7e39c056e63b096b00000000&#xa;  snmpEngineBoots: 1&#xa;  snmpEngineTime: 1m37s"><elem key="enterprise">net-snmp</elem>
<elem key="engineIDFormat">unknown</elem>
<elem key="engineIDData">7e39c056e63b096b00000000</elem>
<elem key="snmpEngineBoots">1</elem>
<elem key="snmpEngineTime">1m37s</elem>
</script><script id="snmp-sysdescr" output="Linux vm 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC @0 x86_64&#xa;  System uptime: 1m37.38s (9738 timeticks)"/></port>
</ports>
</host>
<runstats><finished time="1795767368" timestr="Fri Nov 27 08:16:08 2026" summary="Nmap done at Fri Nov 27 08:16:08 2026; 1 IP address (1 host up) scanned in 44.83 seconds" elapsed="44.83" exit="success"/><hosts up="1" down="0" total="1"/>
</runstats>
</nmaprun>
`;

/** nmap -v -sV -p 1-1024,2121,2222,2323,4433,6379,8000,11211 -oG grep-v.gnmap 127.0.0.1 (verbatim; tabs kept). */
export const NMAP_GREPABLE_VERBOSE = `# Nmap 7.93 scan initiated Fri Nov 27 08:22:49 2026 as: nmap -v -sV -p 1-1024,2121,2222,2323,4433,6379,8000,11211 -oG grep-v.gnmap 127.0.0.1
# Ports scanned: TCP(1031;1-1024,2121,2222,2323,4433,6379,8000,11211) UDP(0;) SCTP(0;) PROTOCOLS(0;)
Host: 127.0.0.1 (localhost)	Status: Up
Host: 127.0.0.1 (localhost)	Ports: 199/open/tcp//smux//Linux SNMP multiplexer/, 2121/open/tcp//ftp//vsftpd 2.0.8 or later/, 2222/open/tcp//ssh//OpenSSH 9.2p1 Debian 2+deb12u10 (protocol 2.0)/, 4433/open/tcp//ssl|http//OpenSSL s_server -www httpd (command line: s_server -accept 127.0.0.1:4433 -cert c.pem -key k.pem -cipher ALL:@SECLEVEL=0 -www)/, 6379/open/tcp//redis//Redis key-value store 7.0.15/, 8000/open/tcp//http//SimpleHTTPServer 0.6 (Python 3.11.7)/, 11211/open/tcp//memcached//Memcached 1.6.18 (uptime 507 seconds)/	Ignored State: closed (1024)
# Nmap done at Fri Nov 27 08:23:21 2026 -- 1 IP address (1 host up) scanned in 31.71 seconds
`;

/** nmap -sS -sU -sV -p T:2121,2222,2323,U:1161,1162 -oG grep-mixed.gnmap 127.0.0.1 (verbatim; tabs kept). */
export const NMAP_GREPABLE_MIXED = `# Nmap 7.93 scan initiated Fri Nov 27 08:23:29 2026 as: nmap -sS -sU -sV -p T:2121,2222,2323,U:1161,1162 -oG grep-mixed.gnmap 127.0.0.1
Host: 127.0.0.1 (localhost)	Status: Up
Host: 127.0.0.1 (localhost)	Ports: 2121/open/tcp//ftp//vsftpd 2.0.8 or later/, 2222/open/tcp//ssh//OpenSSH 9.2p1 Debian 2+deb12u10 (protocol 2.0)/, 2323/closed/tcp//3d-nfsd///, 1161/open/udp//snmp//SNMPv1 server; net-snmp SNMPv3 server (public)/, 1162/closed/udp//health-trap///
# Nmap done at Fri Nov 27 08:24:14 2026 -- 1 IP address (1 host up) scanned in 44.33 seconds
`;

/**
 * nmap -sU -sV -Pn -p 69 --script tftp-enum -oX local-tftp.xml 127.0.0.1 (verbatim), against Debian's tftpd-hpa
 * (`in.tftpd -L -s /tmp/tftproot -a 127.0.0.1:69`) serving one file, boot.cfg.
 */
export const NMAP_LOCAL_TFTP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.93 scan initiated Fri Nov 27 10:30:51 2026 as: nmap -sU -sV -Pn -p 69 -&#45;script tftp-enum -oX /tmp/local-tftp.xml 127.0.0.1 -->
<nmaprun scanner="nmap" args="nmap -sU -sV -Pn -p 69 -&#45;script tftp-enum -oX /tmp/local-tftp.xml 127.0.0.1" start="1795775451" startstr="Fri Nov 27 10:30:51 2026" version="7.93" xmloutputversion="1.05">
<scaninfo type="udp" protocol="udp" numservices="1" services="69"/>
<verbose level="0"/>
<debugging level="0"/>
<host starttime="1795775451" endtime="1795775583"><status state="up" reason="user-set" reason_ttl="0"/>
<address addr="127.0.0.1" addrtype="ipv4"/>
<hostnames>
<hostname name="localhost" type="PTR"/>
</hostnames>
<ports><port protocol="udp" portid="69"><state state="open" reason="script-set" reason_ttl="0"/><service name="tftp" method="table" conf="3"/><script id="tftp-enum" output="&#xa;  boot.cfg&#xa;"/></port>
</ports>
</host>
<runstats><finished time="1795775583" timestr="Fri Nov 27 10:33:03 2026" summary="Nmap done at Fri Nov 27 10:33:03 2026; 1 IP address (1 host up) scanned in 132.46 seconds" elapsed="132.46" exit="success"/><hosts up="1" down="0" total="1"/>
</runstats>
</nmaprun>
`;
