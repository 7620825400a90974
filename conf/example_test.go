package conf_test

import (
	"errors"
	"fmt"

	"github.com/heatconf/heatconf/conf"
)

func ExampleParse() {
	src := []byte(`[DEFAULT]
transport_url = rabbit://openstack:pa$$word@controller:5672/ # broker

[Database]
connection = mysql+pymysql://heat:heat@controller/heat
`)
	f, err := conf.Parse("heat.conf", src)
	if err != nil {
		panic(err)
	}
	e, _ := f.Lookup("DEFAULT", "transport_url")
	fmt.Printf("%s:%d:%d: %s\n", f.Name, e.ValuePos.Line, e.ValuePos.Col, e.Value)
	v, _ := conf.Unescape(e.Value)
	fmt.Println(v)
	e, _ = f.Lookup("database", "connection")
	fmt.Printf("[%s] is group %q\n", e.Section.Name, e.Group())
	// Output:
	// heat.conf:2:17: rabbit://openstack:pa$$word@controller:5672/ # broker
	// rabbit://openstack:pa$word@controller:5672/ # broker
	// [Database] is group "database"
}

func ExampleParseError_ErrorWithPosition() {
	_, err := conf.Parse("heat.conf", []byte("[DEFAULT] # main\ndebug = true\n"))
	var pe *conf.ParseError
	if errors.As(err, &pe) {
		fmt.Print(pe.ErrorWithPosition())
	}
	// Output:
	// heat.conf:1:11: Invalid section (must end with ])
	//    |
	//  1 | [DEFAULT] # main
	//    |           ^^^^^^
	//    = hint: a comment must be on a line of its own; oslo.config does not allow one after a section header
}

func ExampleUnescape() {
	_, refs := conf.Unescape("abc$def and ${database.connection} cost 5$")
	for _, r := range refs {
		fmt.Printf("%d+%d kind=%d name=%q group=%q\n", r.Offset, r.Len, r.Kind, r.Name, r.Group)
	}
	fmt.Println(conf.Escape("abc$def"))
	// Output:
	// 3+4 kind=0 name="def" group=""
	// 12+22 kind=1 name="database.connection" group="database"
	// 41+1 kind=2 name="" group=""
	// abc$$def
}

func ExampleMerge() {
	a, _ := conf.Parse("heat.conf", []byte("[DEFAULT]\ndebug = false\nplugin_dirs = /a\n"))
	b, _ := conf.Parse("heat.conf.d/10-debug.conf", []byte("[DEFAULT]\ndebug = true\nplugin_dirs = /b\n"))
	c := conf.Merge(a, b)
	e, _ := c.Lookup("", "debug")
	fmt.Println(e.Value, "from", e.Section.File.Name)
	for _, e := range c.Values("", "plugin_dirs") {
		fmt.Println(e.Value)
	}
	// Output:
	// true from heat.conf.d/10-debug.conf
	// /a
	// /b
}
