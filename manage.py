#!/usr/bin/env python
from tendik.cli import main

if __name__ == "__main__":
    main()
