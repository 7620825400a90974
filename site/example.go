package site

import (
	"crypto/rand"
	_ "embed"
	"fmt"
	"math/big"
)

// ExampleTOML is the commented example site that `heatconf init` writes.
// Its secrets are file: references into a secrets/ directory beside it.
//
//go:embed example.toml
var ExampleTOML []byte

// ExampleSecretFiles names the secret files under secrets/ that the example
// site refers to. Each gets 32 random characters (auth_encryption_key must
// have exactly 32).
func ExampleSecretFiles() []string {
	return []string{
		"auth_encryption_key",
		"heat_db_password",
		"heat_domain_admin_password",
		"heat_password",
		"memcache_secret_key",
		"rabbit_password",
	}
}

// GeneratePassword returns n random characters from [A-Za-z0-9], which no
// target language needs to escape.
func GeneratePassword(n int) (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("generating a password: %w", err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}
