module kickstart.invalid/launcher

go 1.19
