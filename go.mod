module github.com/heatconf/heatconf

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/go-playground/validator/v10 v10.30.6
	github.com/spf13/cobra v1.10.2
	golang.org/x/sys v0.50.0
	gopkg.in/ini.v1 v1.67.3
	gopkg.in/yaml.v2 v2.4.0
)

require golang.org/x/term v0.48.0

require github.com/santhosh-tekuri/jsonschema/v6 v6.0.3

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.6 // indirect
	github.com/kr/pretty v0.3.1 // indirect
	github.com/rogpeppe/go-internal v1.10.0 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	go.yaml.in/yaml/v3 v3.0.4 // indirect
	gopkg.in/check.v1 v1.0.0-20201130134442-10cb98267c6c // indirect
)

require (
	github.com/gabriel-vasile/mimetype v1.4.16 // indirect
	github.com/go-playground/locales v0.14.2 // indirect
	github.com/go-playground/universal-translator v0.18.2 // indirect
	github.com/gophercloud/gophercloud/v2 v2.15.0
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/leodido/go-urn v1.5.0 // indirect
	github.com/spf13/pflag v1.0.9
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
