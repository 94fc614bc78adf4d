BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
}

Describe 'New-ZerosTensor' {
    It 'makes a 3 x 4 float32 tensor of zeros' {
        $t = New-ZerosTensor -Shape 3, 4
        $t.Shape | Should -Be @(3, 4)
        $t.Count | Should -Be 12
        "$($t.DType)" | Should -Be 'Float32'
        $t.ToArray() | Should -Be (@(0) * 12)
    }

    It 'is one object in the pipeline and in Measure-Object' {
        (New-ZerosTensor -Shape 100, 100 | Measure-Object).Count | Should -Be 1
    }

    It 'shows shape, dtype, count and values in its default view' {
        $text = New-ZerosTensor -Shape 2, 2 -DType int32 | Out-String
        $text | Should -Match '\[2, 2\]\s+int32\s+4\s+\[\[0, 0\], \[0, 0\]\]'
    }

    It 'refuses <Shape> with InvalidShape' -ForEach @(@{ Shape = 2.5 }, @{ Shape = -1 }, @{ Shape = 'abc' }) {
        { New-ZerosTensor -Shape $Shape } | Should -Throw -ErrorId 'InvalidShape,*'
    }

    It 'gets its type data from the manifest: the dtype by its TensorFlow name, the values in ConvertTo-Json' {
        $t = New-ZerosTensor -Shape 2 -DType int32
        "$($t.DType)" | Should -BeExactly 'int32'
        $t | ConvertTo-Json -Compress | Should -BeExactly '{"Shape":[2],"Rank":1,"DType":6,"Count":2,"Values":[0,0]}'
    }

    It 'refuses too many elements with TensorTooLarge' {
        { New-ZerosTensor -Shape 65536, 65536 } | Should -Throw -ErrorId 'TensorTooLarge,*' -ExpectedMessage '*4,294,967,296*'
    }

    It 'refuses an unknown dtype with UnknownDType' {
        { New-ZerosTensor 2 -DType quaternion } | Should -Throw -ErrorId 'UnknownDType,*' -ExpectedMessage "*'quaternion'*"
    }
}

Describe 'New-Initializer and New-Tensor' {
    It 'builds Constant and fills a tensor from the pipeline' {
        $t = New-Initializer Constant @{ value = 3 } | New-Tensor -Shape 2, 3 -DType int64
        $t.ToArray() | Should -Be @(3, 3, 3, 3, 3, 3)
        $t.ToArray().GetType() | Should -Be ([long[]])
    }

    It 'pipes New-Initializer Zeros into New-Tensor' {
        (New-Initializer Zeros | New-Tensor -Shape 2, 3).Shape | Should -Be @(2, 3)
    }

    It 'accepts a name, a hashtable document and a PSCustomObject document' {
        (New-Tensor ones 2).ToArray() | Should -Be @(1, 1)
        (New-Tensor @{ class_name = 'Constant'; config = @{ value = 4 } } 1).ToArray() | Should -Be @(4)
        ([pscustomobject]@{ class_name = 'Constant'; config = [pscustomobject]@{ value = 5 } } | New-Tensor -Shape 1).ToArray() | Should -Be @(5)
    }

    It 'reports Ones with string dtype as Keras does' {
        New-Tensor Ones 2 -DType string -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedDType,*'
        $err[0].Exception.Message | Should -Be 'Expected numeric or boolean dtype, got string.'
    }

    It 'reports a Constant with the wrong element count' {
        New-Initializer Constant @{ value = 1..8 } | New-Tensor -Shape 3, 4 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConstantSizeMismatch,*'
    }

    It 'suggests the nearest name for an unknown initializer' {
        New-Initializer GlorotUnifrom -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownInitializer,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'GlorotUnifrom'
        $err[0].Exception.Message | Should -BeLike "*'GlorotUniform'*"
    }

    It 'reports an unknown config key, a wrong value type and NaN' {
        New-Initializer Constant @{ nope = 1 } -ErrorAction SilentlyContinue -ErrorVariable e1
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'UnknownConfigKey,*'
        New-Initializer RandomUniform @{ minval = 'low' } -ErrorAction SilentlyContinue -ErrorVariable e2
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfigValue,*'
        $e2[0].CategoryInfo.Category | Should -Be 'InvalidType'
        New-Initializer RandomNormal @{ mean = [double]::NaN } -ErrorAction SilentlyContinue -ErrorVariable e3
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfigValue,*'
    }

    It 'sets a seed, and refuses one for a class without seed' {
        (New-Initializer HeNormal -Seed 7 | Get-InitializerConfig).seed | Should -Be 7
        New-Initializer Ones -Seed 7 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SeedNotSupported,*'
    }
}

Describe 'Get-Initializer' {
    It 'lists the catalog with Zeros, Ones and Constant' {
        (Get-Initializer).ClassName | Should -Contain 'Constant'
    }

    It 'matches wildcards against aliases' {
        (Get-Initializer '*_initializer').ClassName | Should -Contain 'Zeros'
    }

    It 'gives a non-terminating ObjectNotFound for an unknown name' {
        $out = Get-Initializer Onez, Zeros -ErrorAction SilentlyContinue -ErrorVariable err
        $out.ClassName | Should -Be 'Zeros'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownInitializer,*'
        $err[0].Exception.Message | Should -BeLike "*'Ones'*"
    }

    It 'formats as a table with dtypes and description (the aliases are in Format-List)' {
        Get-Initializer Ones | Out-String | Should -Match 'Ones\s+all but string\s+Fills with ones'
        Get-Initializer Ones | Format-List | Out-String | Should -Match 'Aliases\s+: ones, OnesV2, onesV2, one, ones_initializer'
    }
}

Describe 'Configs' {
    It 'Get-InitializerConfig of Zeros is empty and ordered' {
        $c = New-Initializer Zeros | Get-InitializerConfig
        $c | Should -BeOfType System.Collections.Specialized.OrderedDictionary
        $c.Count | Should -Be 0
    }

    It 'ConvertTo-InitializerConfig writes the Keras 3 document' {
        New-Initializer Constant @{ value = 3 } | ConvertTo-InitializerConfig -Compress |
            Should -Be '{"module": "keras.initializers", "class_name": "Constant", "config": {"value": 3}, "registered_name": null}'
    }

    It 'collects several initializers into one JSON array' {
        $json = 'Zeros', 'Ones' | ConvertTo-InitializerConfig
        @($json).Count | Should -Be 1
        (ConvertFrom-Json $json).Count | Should -Be 2
    }

    It 'reads YAML line by line from Get-Content' {
        $path = Join-Path $TestDrive 'init.yaml'
        Set-Content -LiteralPath $path -Value 'class_name: Constant', 'config:', '  value: 0.25'
        $i = Get-Content -LiteralPath $path | ConvertFrom-InitializerConfig
        $i.ClassName | Should -Be 'Constant'
        (Get-InitializerConfig $i).value | Should -Be 0.25
    }

    It 'round-trips every catalog entry through JSON and YAML (<_>)' -ForEach 'Json', 'Yaml' {
        $format = $_
        foreach ($info in Get-Initializer) {
            # Seeded where the class takes a seed, so the seed has to survive too; the whole config is compared.
            $seed = if ($info.ConfigKeys.Name -contains 'seed') { @{ Seed = 42 } } else { @{} }
            $i = New-Initializer $info.ClassName @seed
            $back = $i | ConvertTo-InitializerConfig -Format $format | ConvertFrom-InitializerConfig
            $back.ClassName | Should -Be $info.ClassName
            ($back | ConvertTo-InitializerConfig -Compress) | Should -Be ($i | ConvertTo-InitializerConfig -Compress)
            $back.Equals($i) | Should -BeTrue -Because "$($info.ClassName) must come back with its whole config"
        }
    }

    It 'reports malformed JSON with line and column' {
        "{`n  `"class_name`": }" | ConvertFrom-InitializerConfig -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConfigParseFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'ParserError'
        $err[0].ErrorDetails.Message | Should -Match 'line 2, column \d+'
    }

    It 'reports empty input as EmptyInput' {
        { '' | ConvertFrom-InitializerConfig } | Should -Throw -ErrorId 'EmptyInput,*'
    }
}

Describe 'Import-, Export- and Test-InitializerConfig' {
    It 'exports and imports through a path with brackets' {
        $path = Join-Path $TestDrive 'model[1].yaml'
        'Zeros', 'Ones' | Export-InitializerConfig -LiteralPath $path
        (Import-InitializerConfig -LiteralPath $path).ClassName | Should -Be @('Zeros', 'Ones')
        (Get-Item -LiteralPath $path | Import-InitializerConfig).ClassName | Should -Be @('Zeros', 'Ones')
        (Import-InitializerConfig -Path (Join-Path $TestDrive 'model`[1`].yaml')).ClassName | Should -Be @('Zeros', 'Ones')
    }

    It 'expands wildcards in -Path' {
        'Zeros' | Export-InitializerConfig -Path (Join-Path $TestDrive 'w1.json')
        'Ones' | Export-InitializerConfig -Path (Join-Path $TestDrive 'w2.json')
        (Import-InitializerConfig -Path (Join-Path $TestDrive 'w*.json')).ClassName | Should -Be @('Zeros', 'Ones')
    }

    It '-WhatIf writes nothing and -NoClobber keeps an existing file' {
        $path = Join-Path $TestDrive 'keep.json'
        'Zeros' | Export-InitializerConfig -Path $path -WhatIf
        $path | Should -Not -Exist
        Set-Content -LiteralPath $path -Value 'keep'
        { 'Zeros' | Export-InitializerConfig -Path $path -NoClobber } | Should -Throw -ErrorId 'FileExists,*'
        Get-Content -LiteralPath $path | Should -Be 'keep'
    }

    It 'writes -Encoding <_> byte for byte as Set-Content does, and reads it back' -ForEach 'ascii', 'bigendianunicode', 'bigendianutf32', 'unicode', 'utf8', 'utf8BOM', 'utf8NoBOM', 'utf32' {
        $reference = Join-Path $TestDrive "set-content-$_.json"
        $path = Join-Path $TestDrive "export-$_.json"
        Set-Content -LiteralPath $reference -Value (('Zeros' | ConvertTo-InitializerConfig) + "`n") -NoNewline -Encoding $_
        'Zeros' | Export-InitializerConfig -LiteralPath $path -Encoding $_
        [System.IO.File]::ReadAllBytes($path) | Should -Be ([System.IO.File]::ReadAllBytes($reference))
        (Import-InitializerConfig -LiteralPath $path -Encoding $_).ClassName | Should -Be 'Zeros'
    }

    It 'completes every -Encoding name of Set-Content but ansi, oem and utf7' {
        $builtIn = (TabExpansion2 'Set-Content -Encoding ' 22).CompletionMatches.CompletionText | Where-Object { $_ -notin 'ansi', 'oem', 'utf7' }
        foreach ($line in 'Export-InitializerConfig x.json -Encoding ', 'Import-InitializerConfig x.json -Encoding ') {
            $ours = (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText
            foreach ($name in $builtIn) { $ours | Should -Contain $name -Because "$line offers $name" }
        }
    }

    It 'Test-InitializerConfig gives one boolean' {
        Test-InitializerConfig '{"class_name": "Ones", "config": {}}' | Should -BeTrue
        Test-InitializerConfig 'class_name: Ones' | Should -BeTrue
        Test-InitializerConfig '{"class_name": "Onez"}' | Should -BeFalse
    }
}
