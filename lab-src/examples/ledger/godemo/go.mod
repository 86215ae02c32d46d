module ledgerdemo

go 1.21
